// Masks the configured secret values wherever they turn up in text bound for a
// log line: as typed, JSON-escaped, URL-encoded, and base64-encoded. Base64 is the
// form naive redactors miss (a token inside a `Basic` header, a Kubernetes Secret's
// data, a bearer URL someone encoded), and it depends on where the secret starts
// within the encoded bytes, so each of the three alignments is masked by the part
// of its encoding that does not depend on the neighbouring bytes.

export const MASK = "[redacted]";

/** Shorter values would mask ordinary words; config validation refuses them anyway. */
const MIN_SECRET_LENGTH = 4;
/** A base64 fragment this short could match unrelated text. */
const MIN_ENCODED_LENGTH = 8;

const toUrlSafe = (b64: string) => b64.replace(/\+/g, "-").replace(/\//g, "_");

/**
 * The stretch of base64 that encodes only `secret`'s bytes when they sit `offset`
 * bytes (0, 1 or 2) into a 3-byte group: it appears in the encoding of any text
 * containing the secret at that alignment, whatever surrounds it.
 */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const firstClean = Math.ceil((8 * offset) / 6);
    const lastClean = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(firstClean, lastClean);
    if (core.length >= MIN_ENCODED_LENGTH) cores.push(core);
  }
  return cores;
}

/** Every form of `secret` worth looking for in a log line. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  const padded = Buffer.from(secret, "utf8").toString("base64");
  forms.add(padded);
  forms.add(toUrlSafe(padded).replace(/=+$/, ""));
  for (const core of base64Cores(secret)) {
    forms.add(core);
    forms.add(toUrlSafe(core));
  }
  return [...forms];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export type Sanitizer = (text: string) => string;

/** A function masking every form of every given secret; identity when there are none. */
export function createSanitizer(secrets: Iterable<string | undefined>): Sanitizer {
  const needles = new Set<string>();
  for (const s of secrets) if (s) for (const form of secretForms(s)) needles.add(form);
  if (needles.size === 0) return (text) => text;
  // Longest first, so a padded encoding is masked whole rather than around its core.
  const pattern = new RegExp([...needles].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
  return (text) => (text.length < MIN_SECRET_LENGTH ? text : text.replace(pattern, MASK));
}
