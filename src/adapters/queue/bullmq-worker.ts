// The consumer side: one BullMQ Worker per job kind. This is the job edge of the
// error vocabulary: a permanent error (bad input, not allowed, not found,
// conflict) fails the job at once, an error carrying `retryAfterMs` (a Slack 429)
// pauses the kind and puts the job back without spending an attempt, anything
// else is retried with the definition's backoff.
//
// Shutdown (SIGTERM) stops taking jobs, aborts `ctx.signal`, and waits up to a
// grace period. A job that stops because of the signal goes back to the queue
// unspent; one still running when the grace period ends is left to BullMQ's
// stalled-job check, which hands it to another worker once its lock expires.
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { AnyJobDefinition, JobContext, JobLogger } from "../../../jobs/define.js";
import { isPermanent } from "../../core/errors.js";
import type { JobEvent, JobOutcome } from "../../ports/job-queue.js";
import { DEFAULT_PREFIX, definitionsByKind, describeIssues, envelopeSchema, quietLogger } from "./envelope.js";

export interface StalledJobSettings {
  /** How long a worker's claim on a job lasts without renewal (renewed while it runs). */
  lockDurationMs?: number;
  /** How often workers look for jobs whose claim lapsed. */
  stalledIntervalMs?: number;
  /** How many times a job may stall before it fails instead of running again. */
  maxStalledCount?: number;
}

export interface BullWorkersOptions<D> {
  connection: { url: string };
  prefix?: string;
  definitions: readonly AnyJobDefinition[];
  /** Kinds this process runs (`harden worker --kinds audit,scan`); all of them when absent. */
  kinds?: readonly string[];
  /** Handed to every job as `ctx.deps`. */
  deps: D;
  log?: JobLogger;
  onJobEvent?: (event: JobEvent) => void;
  stalled?: StalledJobSettings;
  /** How long stop() waits for running jobs (Kubernetes gives 30 s by default before SIGKILL). */
  shutdownGraceMs?: number;
}

export interface BullWorkers {
  start(): void;
  /** Safe to call more than once; every call waits for the same shutdown. */
  stop(): Promise<void>;
}

/** The attempt ran past the definition's `timeoutMs`. Transient: retried with the backoff. */
export class JobTimeoutError extends Error {
  override name = "JobTimeoutError";
}

const MAX_RATE_LIMIT_MS = 15 * 60_000;

function retryAfterMsOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("retryAfterMs" in err)) return undefined;
  const ms = (err as { retryAfterMs: unknown }).retryAfterMs;
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(Math.ceil(ms), MAX_RATE_LIMIT_MS);
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** Settles with the work, or rejects with JobTimeoutError when `signal` (the timeout) fires first. */
function untilTimeout<T>(work: Promise<T>, timeout: AbortSignal | undefined, ms: number | undefined): Promise<T> {
  if (!timeout) return work;
  return new Promise<T>((resolve, reject) => {
    const onTimeout = () => reject(new JobTimeoutError(`the job ran longer than ${ms} ms`));
    if (timeout.aborted) onTimeout();
    timeout.addEventListener("abort", onTimeout, { once: true });
    work.then(resolve, reject).finally(() => timeout.removeEventListener("abort", onTimeout));
  });
}

export function createBullWorkers<D>(options: BullWorkersOptions<D>): BullWorkers {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const log = options.log ?? quietLogger;
  const graceMs = options.shutdownGraceMs ?? 25_000;
  const byKind = definitionsByKind(options.definitions);
  const kinds = options.kinds ?? [...byKind.keys()];
  for (const kind of kinds) if (!byKind.has(kind)) throw new Error(`no job definition for kind "${kind}"`);

  const shutdown = new AbortController();
  const running = new Set<Promise<unknown>>();
  const startedAt = new Map<string, number>();
  const workers: Worker[] = [];
  let stopping: Promise<void> | undefined;

  const emit = (kind: string, outcome: JobOutcome, since: number | undefined) => {
    try {
      options.onJobEvent?.({ kind, outcome, durationMs: since === undefined ? 0 : Math.max(0, Date.now() - since) });
    } catch (err) {
      log.warn({ kind, error: errorText(err) }, "the job event hook threw");
    }
  };

  async function processJob(def: AnyJobDefinition, worker: Worker, job: Job, bullSignal: AbortSignal | undefined): Promise<unknown> {
    const jobId = job.id ?? "";
    const started = Date.now();
    startedAt.set(jobId, started);
    const envelope = envelopeSchema.safeParse(job.data);
    if (!envelope.success) throw new UnrecoverableError(`not a harden job: ${describeIssues(envelope.error)}`);
    const payload = def.payload.safeParse(envelope.data.payload);
    if (!payload.success) throw new UnrecoverableError(`invalid ${def.kind} payload: ${describeIssues(payload.error)}`);

    let state: Record<string, unknown> = { ...(envelope.data.state ?? {}) };
    const timeout = def.timeoutMs === undefined ? undefined : AbortSignal.timeout(def.timeoutMs);
    const signals = [shutdown.signal, ...(timeout ? [timeout] : []), ...(bullSignal ? [bullSignal] : [])];
    const ctx: JobContext<never> = {
      jobId,
      attempt: job.attemptsMade + 1,
      requestedBy: envelope.data.requestedBy,
      reportProgress: (progress) => job.updateProgress(progress),
      state: {
        get: async () => ({ ...state }),
        set: async (patch) => {
          const next = { ...state, ...patch };
          // The whole data is rewritten; keep the payload and anything else as stored.
          await job.updateData({ ...(job.data as object), state: next });
          state = next;
        },
      },
      signal: AbortSignal.any(signals),
      log: {
        info: (fields, msg) => log.info({ kind: def.kind, jobId, ...fields }, msg),
        warn: (fields, msg) => log.warn({ kind: def.kind, jobId, ...fields }, msg),
        error: (fields, msg) => log.error({ kind: def.kind, jobId, ...fields }, msg),
      },
      deps: options.deps as never,
    };

    try {
      return await untilTimeout(def.process(payload.data, ctx), timeout, def.timeoutMs);
    } catch (err) {
      if (shutdown.signal.aborted) {
        startedAt.delete(jobId); // no worker event follows a handed-back job
        // Handing the job back is what BullMQ does with a rate-limited job: back to
        // waiting, no attempt spent. The next worker resumes from ctx.state.
        emit(def.kind, "interrupted", started);
        log.info({ kind: def.kind, jobId }, "job handed back to the queue at shutdown");
        throw Worker.RateLimitError();
      }
      if (isPermanent(err)) throw new UnrecoverableError(errorText(err));
      const retryAfterMs = retryAfterMsOf(err);
      if (retryAfterMs !== undefined) {
        // Pauses this kind on every worker: the limit is the callee's, not this job's.
        await worker.rateLimit(retryAfterMs);
        startedAt.delete(jobId);
        emit(def.kind, "rate_limited", started);
        log.warn({ kind: def.kind, jobId, retryAfterMs }, "job rate-limited; back on the queue");
        throw Worker.RateLimitError();
      }
      throw err;
    }
  }

  function createWorker(def: AnyJobDefinition): Worker {
    const s = options.stalled ?? {};
    const worker: Worker = new Worker(
      def.kind,
      (job, _token, bullSignal) => {
        const run = processJob(def, worker, job, bullSignal);
        running.add(run);
        const forget = () => running.delete(run);
        run.then(forget, forget);
        return run;
      },
      {
        connection: { url: options.connection.url },
        prefix,
        concurrency: def.concurrency,
        ...(s.lockDurationMs !== undefined ? { lockDuration: s.lockDurationMs } : {}),
        ...(s.stalledIntervalMs !== undefined ? { stalledInterval: s.stalledIntervalMs } : {}),
        ...(s.maxStalledCount !== undefined ? { maxStalledCount: s.maxStalledCount } : {}),
      },
    );
    const took = (job: Job) => startedAt.get(job.id ?? "") ?? job.processedOn;
    worker.on("completed", (job) => {
      emit(def.kind, "completed", took(job));
      startedAt.delete(job.id ?? "");
    });
    worker.on("failed", (job, err) => {
      if (!job) return;
      const final = err.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
      emit(def.kind, final ? "failed" : "retrying", took(job));
      startedAt.delete(job.id ?? "");
      log.warn({ kind: def.kind, jobId: job.id, attempt: job.attemptsMade, error: err.message }, final ? "job failed" : "job failed; will retry");
    });
    let lastError = "";
    worker.on("error", (err) => {
      // Repeats every reconnect while Redis is away; once per distinct error is enough.
      if (err.message === lastError) return;
      lastError = err.message;
      log.warn({ kind: def.kind, error: err.message }, "job worker error");
    });
    return worker;
  }

  async function settleRunning(deadline: number): Promise<boolean> {
    while (running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
    return true;
  }

  return {
    start() {
      if (workers.length > 0 || stopping) return;
      for (const kind of kinds) workers.push(createWorker(byKind.get(kind)!));
    },

    stop() {
      stopping ??= (async () => {
        await Promise.all(workers.map((w) => w.pause(true)));
        shutdown.abort();
        const finished = await settleRunning(Date.now() + graceMs);
        if (!finished) log.warn({ running: running.size }, "jobs still running after the grace period; they return to the queue when their lock expires");
        // force: do not wait for jobs that overstayed; their locks lapse and the stalled check requeues them.
        await Promise.allSettled(workers.map((w) => w.close(!finished)));
      })();
      return stopping;
    },
  };
}
