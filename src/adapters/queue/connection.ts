// The producer's connection to Redis, shared by the job queue and the scheduler.
// Both are called from Slack handlers inside a 3-second budget, so every call
// either lands fast or fails fast: no offline queue and short timeouts, so while
// Redis is away a call is refused at once (UnavailableError, "try again in a
// minute") instead of waiting for a reconnect, and ioredis keeps reconnecting in
// the background so the next call works once Redis is back.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { JobLogger } from "../../../jobs/define.js";
import { UnavailableError } from "../../core/errors.js";
import { DEFAULT_PREFIX, quietLogger } from "./envelope.js";

const UNAVAILABLE = "the job queue (Redis) is unavailable; try again in a minute";

const CONNECTION_MESSAGES = [
  "Stream isn't writeable",
  "Connection is closed",
  "Command timed out",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "MaxRetriesPerRequestError",
  "Reached the max retries per request limit",
];

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const text = `${err.name} ${err.message}`;
  return CONNECTION_MESSAGES.some((m) => text.includes(m));
}

export interface ProducerConnection {
  /** The BullMQ queue of one job kind over the shared connection. */
  queueFor(kind: string): Queue;
  /**
   * Runs `fn` against Redis: UnavailableError at once when the connection is
   * down, or when no answer comes within the timeout.
   */
  call<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What the queue and the scheduler are opened with; absent values take the defaults. */
export interface ProducerOptions {
  connection: { url: string };
  /** Redis key prefix; tests use their own. */
  prefix?: string;
  /** How long one call may wait on Redis before it is refused. */
  timeoutMs?: number;
  log?: JobLogger;
}

/** `component` names the producer in logs; `defaultTimeoutMs` applies when the options set none. */
export function createProducerConnection(options: ProducerOptions, component: string, defaultTimeoutMs: number): ProducerConnection {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const log = options.log ?? quietLogger;
  const client = new Redis(options.connection.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    // Reconnect quickly and forever: the first call after Redis returns should work.
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  let wasReady = false;
  let closed = false;
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  client.on("error", () => {});
  client.on("ready", () => {
    if (wasReady) log.info({ component }, "reconnected to Redis");
    wasReady = true;
  });
  client.on("close", () => {
    if (wasReady && !closed) log.warn({ component }, "lost the Redis connection; calls fail until it is back");
  });

  const queues = new Map<string, Queue>();
  function queueFor(kind: string): Queue {
    const existing = queues.get(kind);
    if (existing) return existing;
    const queue = new Queue(kind, { connection: client, prefix });
    queue.on("error", () => {}); // the same errors reach the caller as UnavailableError
    // BullMQ's start-up (script loading, version check) fails for good if Redis
    // drops in the middle of it; forget such a queue so the next call builds a new one.
    queue.waitUntilReady().catch(() => {
      if (queues.get(kind) === queue) queues.delete(kind);
      void queue.close().catch(() => {});
    });
    queues.set(kind, queue);
    return queue;
  }

  const unavailable = (cause?: unknown) => new UnavailableError(UNAVAILABLE, cause === undefined ? undefined : { cause });

  /**
   * Ready now, or soon: a connection being made (at start-up, or a reconnect
   * attempt in flight) gets until `deadline`; a connection known to be down
   * (waiting to retry) is refused at once.
   */
  function ready(deadline: number): Promise<void> {
    if (client.status === "ready") return Promise.resolve();
    if (client.status !== "wait" && client.status !== "connecting" && client.status !== "connect") return Promise.reject(unavailable());
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        client.off("ready", onReady);
        client.off("close", onClose);
        if (err) reject(err);
        else resolve();
      };
      const onReady = () => done();
      const onClose = () => done(unavailable());
      const timer = setTimeout(() => done(unavailable()), Math.max(0, deadline - Date.now()));
      client.once("ready", onReady);
      client.once("close", onClose);
    });
  }

  return {
    queueFor,
    async call<T>(fn: () => Promise<T>): Promise<T> {
      if (closed) throw new UnavailableError("the job queue is closed");
      if (client.status !== "ready") await ready(Date.now() + timeoutMs);
      // The time box is the client's commandTimeout, one timer per Redis command
      // (an add is one script call), not a second timer and race around each call.
      try {
        return await fn();
      } catch (err) {
        // With the offline queue off, every connection problem surfaces here, a
        // command timeout included; anything else (a BullMQ usage error, a bad
        // cron) keeps its own error.
        if (client.status !== "ready" || isConnectionError(err)) throw unavailable(err);
        throw err;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      queues.clear();
      if (client.status === "ready") await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
