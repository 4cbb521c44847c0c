// What "looks like a credential" means for env vars and ConfigMaps. Detectors
// return the kind of credential, never the matched text: messages name the key
// and the kind, and the value stays where it is.

// Names peers flag (Polaris: password/token/bearer/secret and cloud key names;
// kubescape: pwd, key, credential, jwt...), minus bare "key" which names too
// many harmless settings (KEY_PREFIX, CACHE_KEY).
const SENSITIVE_NAME =
  /(passw(or)?d|pwd|secret|token|bearer|credential|api[_-]?key|private[_-]?key|access[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|jwt|^azure_.*key$|key_content)/i;

// Names that hold a reference to a credential rather than the credential.
const REFERENCE_SUFFIX = /(_|-|\.)(file|path|dir|name|names|url|uri|endpoint|host|port|ttl|timeout|expiry|expires|length|header|type|enabled|ref|kind|mode|version)$/i;

const VALUE_PATTERNS: readonly [RegExp, string][] = [
  [/-{2,}\s*BEGIN[A-Z ]*PRIVATE KEY/i, "a private key"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, "a GitHub token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
  [/\b[rs]k_live_[0-9A-Za-z]{16,}/, "a Stripe key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, "a JSON Web Token"],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, "a URL with an embedded password"],
];

const NOT_A_SECRET = /^(true|false|yes|no|on|off|enabled|disabled|none|null)$/i;

/** The credential kind the value itself reveals, whatever its name. */
export function credentialInValue(value: string): string | undefined {
  for (const [re, kind] of VALUE_PATTERNS) if (re.test(value)) return kind;
  return undefined;
}

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name) && !REFERENCE_SUFFIX.test(name);
}

/** A literal that could be a credential: not empty, not a flag, not a path or an expansion. */
export function isLiteralSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === "" || NOT_A_SECRET.test(v)) return false;
  // Paths, `$(VAR)`/`${VAR}`/`$__file{}` expansions and templates point at a secret kept elsewhere.
  if (v.startsWith("/") || v.startsWith("$") || v.startsWith("{{")) return false;
  return true;
}

/** Why a name/value pair looks like a credential, without quoting the value; undefined when it does not. */
export function sensitivePair(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const revealed = credentialInValue(value);
  if (revealed) return `holds ${revealed}`;
  if (isSensitiveName(name) && isLiteralSecretValue(value)) return "has a credential-like name and a literal value";
  return undefined;
}

// `password: hunter2` / `api_key = "..."` lines inside a config file stored in a ConfigMap.
const ASSIGNMENT = /^\s*["']?([\w.-]*(passw(or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[\w.-]*)["']?\s*[:=]\s*(.*)$/i;

/** 1-based line numbers of credential assignments with literal values in a config file. */
export function credentialAssignments(text: string): number[] {
  const lines: number[] = [];
  text.split("\n").forEach((line, i) => {
    const m = ASSIGNMENT.exec(line);
    if (!m) return;
    const value = m[4]!.trim().replace(/^["']|["',;]+$/g, "");
    if (isSensitiveName(m[1]!) && isLiteralSecretValue(value) && !value.startsWith("%") && !value.startsWith("<")) lines.push(i + 1);
  });
  return lines;
}
