// The one way use cases write the audit trail: who, what, where, when, outcome.
// Details are redacted on the way in, because people paste things into Slack
// (a reason that quotes a password, a token in an image reference) and the audit
// table is kept for a long time and read by many.
import type { AuditTrailEntry, HistoryRepository } from "../ports/history.js";

export interface TrailLogger {
  warn(fields: Record<string, unknown>, msg: string): void;
}

export interface TrailEvent {
  /** Slack user id, "cli:<os user>", or "system". */
  actor: string;
  /** "command.audit", "approval.approve", "digest.sent"... */
  action: string;
  environment?: string | null;
  /** What it was about: "ns=payments", an approval id, a fingerprint. */
  target?: string | null;
  outcome: AuditTrailEntry["outcome"];
  details?: Record<string, unknown>;
}

export interface AuditTrail {
  /**
   * Never throws: a trail write that fails must not turn an answered command into
   * an error for the user. The failure is logged, not swallowed.
   */
  record(event: TrailEvent): Promise<boolean>;
}

/**
 * Holds rows until `flush`, then writes them in order and lets every later row
 * straight through. The Slack edge holds a command's rows until its ack is out;
 * the dispatcher holds a use case's rows until the command's own row is written.
 * A class, not closures: one is made per command, and tsx names every closure an
 * object literal or a `const` holds when it is created, a runtime call each time.
 */
export class HeldTrail implements AuditTrail {
  #flushed = false;
  readonly #held: TrailEvent[] = [];
  constructor(private readonly target: AuditTrail) {}

  record(event: TrailEvent): Promise<boolean> {
    if (this.#flushed) return this.target.record(event);
    this.#held.push(event);
    return Promise.resolve(true);
  }

  async flush(): Promise<void> {
    this.#flushed = true;
    // In order, one at a time: the trail reads like what happened. record() never throws.
    for (const event of this.#held.splice(0)) await this.target.record(event);
  }
}

export const REDACTED = "[redacted]";

// Key names whose values are secrets; matched on the whole key, case-insensitive.
const SENSITIVE_KEY = /^(?:.*[_-])?(password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth|authorization|cookie|bearer)$/i;

const PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
];

// `password=...`, `token: ...`, `Bearer ...`: keep the word, drop what follows it.
const KEY_VALUE =
  /\b((?:[A-Za-z0-9]+[_-])*(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret))(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
// Long opaque strings with letters and digits mixed: keys, base64 blobs. A
// `sha256:` image digest is an identifier, not a secret, and stays.
const OPAQUE = /(?<![A-Za-z0-9+/=_-])(?<!sha256:)[A-Za-z0-9+/=_-]{32,}(?![A-Za-z0-9+/=_-])/g;

// A text none of the patterns above can match is most text (a channel id, "audit
// prod"): one scan for what every pattern needs (its marker, a key word, or a run
// of 32 key characters) lets it through without eleven replaces.
const MAYBE_SECRET =
  /-----BEGIN|xox|xapp-|gh[pousr]_|github_pat_|AKIA|ASIA|eyJ|sk-|passw|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|bearer|basic|[A-Za-z0-9+/=_-]{32}/i;

/** Masks values that look like secrets in free text; identifiers (fingerprints, ids, digests) stay. */
export function redactSecrets(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const p of PATTERNS) out = out.replace(p, REDACTED);
  out = out.replace(KEY_VALUE, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
  out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(OPAQUE, (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? REDACTED : m));
  return out;
}

// Ids harden itself makes (a job's random UUID) look like opaque keys to the rule
// above, but under these keys they are ours, and the trail needs them.
const OWN_IDS: Readonly<Record<string, RegExp>> = {
  jobId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

const isOwnId = (key: string, value: unknown): boolean => typeof value === "string" && OWN_IDS[key]?.test(value) === true;

/** A deep copy with secret-looking strings masked and values under secret-named keys dropped. */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof value === "string") return redactSecrets(value);
  if (Array.isArray(value)) return value.map((v) => redactDetails(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(source)) out[k] = SENSITIVE_KEY.test(k) ? REDACTED : isOwnId(k, source[k]) ? source[k] : redactDetails(source[k], depth + 1);
    return out;
  }
  return value;
}

export function createAuditTrail(deps: { history: HistoryRepository; clock: () => Date; log: TrailLogger }): AuditTrail {
  return {
    async record(event) {
      const entry: AuditTrailEntry = {
        at: deps.clock().toISOString(),
        actor: event.actor,
        action: event.action,
        environment: event.environment ?? null,
        target: event.target != null ? redactSecrets(event.target) : null,
        outcome: event.outcome,
        details: redactDetails(event.details ?? {}) as Record<string, unknown>,
      };
      try {
        await deps.history.appendAuditTrail(entry);
        return true;
      } catch (err) {
        deps.log.warn(
          { action: entry.action, actor: entry.actor, err: err instanceof Error ? err.name : "unknown" },
          "could not write the audit trail",
        );
        return false;
      }
    },
  };
}
