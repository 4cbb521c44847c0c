// One declaration per job kind: what its payload looks like, how often and how
// soon to retry it, how many run at once, whether duplicate requests coalesce,
// and the work itself. The bot (producer) and the workers import the same
// definitions: the bot needs only the schema and the coalescing key, the worker
// hands `ctx.deps` to `process`, so declaring a job wires nothing up.
//
// Payloads carry ids, never secret values: BullMQ keeps job data in Redis in
// clear text (and in its failed-job records for days). A rotation job names the
// Secret ("payments/db-password"), it never carries the password. defineJob
// refuses a payload schema whose field names look like secret values.
//
// Jobs must be safe to run twice: a worker can die after the work and before
// the queue hears of it, and the job then runs again. `ctx.state` is how a job
// remembers what it already did (the Slack message it posted, the step it
// reached) across retries and worker deaths.
import type { z } from "zod";

export interface JobLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

/** A small record kept with the job in Redis. Same rule as payloads: ids and timestamps, no secrets. */
export type JobState = Readonly<Record<string, unknown>>;

export interface JobStateStore {
  /** What earlier attempts (and this one) saved; `{}` on a job's first run. */
  get(): Promise<JobState>;
  /** Merges `patch` into the record and persists it before resolving. */
  set(patch: Record<string, unknown>): Promise<void>;
}

export interface JobContext<D = unknown> {
  jobId: string;
  /**
   * 1-based count of attempts, failed ones included. A run that resumes a job
   * whose worker died, or that was rate-limited, keeps the same number: look at
   * `state` to know whether work was already done.
   */
  attempt: number;
  /** Slack user id, "schedule:<id>" or "system", when the enqueuer said. */
  requestedBy: string | undefined;
  /** Free-form progress for whoever watches the queue (the job card updates come from the job itself). */
  reportProgress(progress: object): Promise<void>;
  state: JobStateStore;
  /** Fires when the worker shuts down or the job's `timeoutMs` passes: stop at the next safe point and throw. */
  signal: AbortSignal;
  log: JobLogger;
  /** What the worker's composition root passed: repositories, Slack client, cluster readers. */
  deps: D;
}

export interface JobBackoff {
  type: "exponential" | "fixed";
  /** The first retry's delay; exponential doubles it each time. */
  delayMs: number;
}

export interface JobCoalescing<P> {
  /** Equal keys within `ttlMs` of the first request become one job. Derived from ids, e.g. `${environment}`. */
  key(payload: P): string;
  ttlMs: number;
}

export interface JobDefinition<P = unknown, D = unknown, K extends string = string> {
  /** Also the queue name: lower-case kebab. */
  readonly kind: K;
  readonly payload: z.ZodType<P>;
  /** Total runs allowed, the first included. */
  readonly attempts: number;
  readonly backoff: JobBackoff;
  /** Jobs of this kind one worker process runs at once. */
  readonly concurrency: number;
  /** Aborts `ctx.signal` and fails the attempt (retried) when a run takes longer. */
  readonly timeoutMs?: number;
  readonly coalesce?: JobCoalescing<P>;
  /**
   * Throw an error from src/core/errors.ts that `isPermanent()` to fail at once
   * (bad input, not allowed, not found, conflict); throw an error with a numeric
   * `retryAfterMs` (a Slack 429) to put the job back without spending an attempt;
   * anything else is retried with the backoff.
   */
  process(payload: P, ctx: JobContext<D>): Promise<unknown>;
}

/** Any definition, whatever its payload and deps: what registries and adapters hold. */
// Method parameters are bivariant, so every JobDefinition<P, D, K> fits here.
export type AnyJobDefinition = JobDefinition<unknown, never, string>;

/** `{ [kind]: payload }` for a list of definitions, to type JobQueue<M>. */
export type JobPayloads<Defs extends readonly AnyJobDefinition[]> = {
  [Def in Defs[number] as Def["kind"]]: Def extends JobDefinition<infer P, never, string> ? P : never;
};

export interface JobSpec<K extends string, S extends z.ZodType, D> {
  kind: K;
  payload: S;
  attempts: number;
  backoff: JobBackoff;
  concurrency: number;
  timeoutMs?: number;
  coalesce?: JobCoalescing<z.output<S>>;
  process(payload: z.output<S>, ctx: JobContext<D>): Promise<unknown>;
}

const KIND = /^[a-z][a-z0-9-]*$/;

export function defineJob<const K extends string, S extends z.ZodType, D = unknown>(spec: JobSpec<K, S, D>): JobDefinition<z.output<S>, D, K> {
  const problems: string[] = [];
  if (!KIND.test(spec.kind)) problems.push("kind must be lower-case kebab");
  if (!Number.isInteger(spec.attempts) || spec.attempts < 1) problems.push("attempts must be a whole number of at least 1");
  if (!Number.isInteger(spec.concurrency) || spec.concurrency < 1) problems.push("concurrency must be a whole number of at least 1");
  if (!(spec.backoff.delayMs >= 0)) problems.push("backoff.delayMs must be 0 or more");
  if (spec.timeoutMs !== undefined && !(spec.timeoutMs > 0)) problems.push("timeoutMs must be positive");
  if (spec.coalesce && !(spec.coalesce.ttlMs > 0)) problems.push("coalesce.ttlMs must be positive");
  if (problems.length > 0) throw new Error(`job "${spec.kind}": ${problems.join("; ")}`);
  assertNoSecretFields(spec.payload, `job "${spec.kind}" payload`);
  // S is a ZodType whose output is z.output<S>; TypeScript cannot see that through the generic.
  return { ...spec, payload: spec.payload as unknown as z.ZodType<z.output<S>> };
}

// A field name says "value" unless its last word says "which one": secretName,
// tokenId and keyRef are ids; password, apiKey and clientSecret are values.
const SENSITIVE = new Set([
  "password", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "tokens", "key", "keys", "apikey",
  "credential", "credentials", "creds", "bearer", "auth", "authorization", "cookie", "dsn", "privatekey",
]);
const NAMES_SOMETHING = new Set([
  "name", "names", "id", "ids", "ref", "refs", "reference", "namespace", "kind", "type", "path", "fingerprint",
  "version", "count", "age", "ttl", "at", "expiry", "selector", "label",
]);

function words(field: string): string[] {
  return field
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function looksLikeSecretValue(field: string): boolean {
  const w = words(field);
  const last = w.at(-1);
  if (last === undefined || NAMES_SOMETHING.has(last)) return false;
  return w.some((x) => SENSITIVE.has(x)) || SENSITIVE.has(w.join(""));
}

interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string } };
}
const isZod = (v: unknown): v is ZodLike => typeof v === "object" && v !== null && "_zod" in v;

/** Paths of object fields, at any depth, whose names look like secret values. */
export function secretLikeFields(schema: z.ZodType): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, path: string): void => {
    if (!isZod(node) || seen.has(node)) return;
    seen.add(node);
    const def = node._zod.def;
    if (def.type === "object") {
      for (const [field, child] of Object.entries(def.shape as Record<string, unknown>)) {
        const at = path ? `${path}.${field}` : field;
        if (looksLikeSecretValue(field)) found.push(at);
        walk(child, at);
      }
      walk(def.catchall, path);
      return;
    }
    if (def.type === "lazy") return walk((def.getter as () => unknown)(), path);
    // Wrappers, arrays, unions, pipes, records: the names that matter sit in their children.
    for (const [prop, value] of Object.entries(def)) {
      if (prop === "keyType") continue;
      if (Array.isArray(value)) value.forEach((v) => walk(v, path));
      else walk(value, path);
    }
  };
  walk(schema, "");
  return [...new Set(found)]; // a pipe's two ends can repeat a field
}

export function assertNoSecretFields(schema: z.ZodType, what = "payload"): void {
  const fields = secretLikeFields(schema);
  if (fields.length > 0)
    throw new Error(
      `${what} has fields that look like secret values (${fields.join(", ")}); job data sits in Redis in clear text: carry the secret's name or id instead`,
    );
}
