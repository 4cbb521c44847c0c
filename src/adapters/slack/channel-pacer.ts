// Slack lets an app post about one message per second per channel (chat.postMessage
// is a special tier), with short bursts tolerated and then 429s. Every worker
// process posts, so the pace is kept in Redis where they all see it: a key per
// channel set with NX and a PX expiry is "the channel's next free slot". A poster
// that finds the key waits for its TTL and tries again. BullMQ's own limiter is
// per queue, not per channel, so it cannot do this.
//
// The bot process (acks, ephemeral replies, approval clicks) does not use a pacer:
// people waiting on a button must never queue behind a 40-message audit thread.
import type { Redis } from "ioredis";
import { RateLimitedError } from "../../ports/notifier.js";

export interface ChannelPacer {
  /** Resolves when this process may post in `channel`; RateLimitedError when the wait would be too long. */
  acquire(channel: string, signal?: AbortSignal): Promise<void>;
}

export interface RedisChannelPacerOptions {
  redis: Redis;
  /** Key prefix, shared with the job queue's (`harden`), so one Redis holds one deployment. */
  prefix?: string;
  /** Gap between two posts in one channel. */
  intervalMs?: number;
  /**
   * Longest wait for a slot; past it the job is put back (RateLimitedError)
   * instead of holding a worker slot while a busy channel drains.
   */
  maxWaitMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export function createRedisChannelPacer(options: RedisChannelPacerOptions): ChannelPacer {
  const prefix = options.prefix ?? "harden";
  const intervalMs = options.intervalMs ?? 1_000;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  if (!(intervalMs > 0)) throw new RangeError("intervalMs must be positive");

  return {
    async acquire(channel, signal) {
      const key = `${prefix}:pace:${channel}`;
      let waited = 0;
      for (;;) {
        const took = await options.redis.set(key, "1", "PX", intervalMs, "NX");
        if (took === "OK") return;
        // -2: the slot freed between the two calls; -1 cannot happen (always set with PX).
        const ttl = await options.redis.pttl(key);
        const wait = ttl > 0 ? ttl : 1;
        if (waited + wait > maxWaitMs) throw new RateLimitedError(Math.max(wait, intervalMs), `channel ${channel} is busy; posting later`);
        // A little jitter so processes waiting on the same slot do not all wake at once.
        const nap = wait + Math.floor(Math.random() * Math.min(50, intervalMs / 4));
        await sleep(nap, signal);
        waited += nap;
      }
    },
  };
}
