// Which processes take Slack's requests, kept in Redis so each one knows whether it
// is alone. A replica that is alone, and has been long enough, needs no shared
// check for replays and redeliveries: nobody else accepted a request it could be
// asked to repeat, so its own memory is the whole answer and the per-request Redis
// round trip can go (see dedup-store.ts, which still writes its keys to Redis
// shortly after, for whoever starts next). The default deployment is one process.
//
// Every receiver adds itself to a sorted set scored by Redis' own clock (no skew
// between machines) once a second. A receiver that stops is not removed: the keys
// it claimed stay valid for their TTL, so the others must keep checking Redis
// until its last heartbeat is older than that TTL.
//
// Joining is the delicate moment: a replica that was alone until now takes up to
// one heartbeat to notice the newcomer, and its last keys take a moment to reach
// Redis. So a newcomer that finds another receiver alive waits `graceMs` before it
// listens, and a replica whose view is older than `staleAfterMs` stops trusting it.
// Every replica must beat at the same pace for that to hold; only tests change it.
// A Redis that loses its data loses the replay keys with it, as it always did; the
// roster fills again within a heartbeat.
import { performance } from "node:perf_hooks";
import type { Redis } from "ioredis";

export interface RosterView {
  /** Milliseconds since another receiver last beat, as of the read; Infinity when none ever did. */
  othersQuietMs: number;
  /** performance.now() of the read. */
  readAt: number;
}

export interface ReceiverRoster {
  /**
   * True when no other receiver can have accepted a request within the last `ttlMs`
   * (a key of that TTL it took could still be live), by a view fresh enough to
   * trust. False when unsure.
   */
  aloneFor(ttlMs: number): boolean;
  /** Registers this process; true when another receiver is alive now, so the caller should wait `graceMs` before listening. */
  join(): Promise<boolean>;
  /** How long a newcomer waits after joining when another receiver is alive. */
  readonly graceMs: number;
  /** Stops beating; this process stays listed until it ages out. */
  leave(): void;
}

export interface RosterOptions {
  redis: Pick<Redis, "eval">;
  /** Key of the sorted set, e.g. "harden:receivers". */
  key: string;
  /** Unique per process. */
  id: string;
  /** How long a departed receiver is remembered: the longest claim TTL in use. */
  memoryMs: number;
  /** Heartbeat and read interval; 1 s by default. */
  intervalMs?: number;
  /** performance.now, for tests. */
  now?: () => number;
  /** Called when a beat fails after one that did not (once per outage). */
  onUnavailable?: (err: unknown) => void;
}

// Beats with Redis' clock, forgets the long departed, and answers how long ago any
// other receiver last beat (-1: none listed).
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local newest = -1
local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #members, 2 do
  if members[i] ~= ARGV[1] then
    local s = tonumber(members[i + 1])
    if s > newest then newest = s end
  end
end
if newest < 0 then return -1 end
return now - newest
`;

/**
 * Whether a key with `ttlMs` may be decided alone: the view is fresh, and no other
 * receiver can have accepted anything still within that TTL. A receiver may have
 * lived up to one interval past its last beat, hence the interval on top.
 */
export function mayDecideAlone(view: RosterView | undefined, ttlMs: number, now: number, timing: { staleAfterMs: number; intervalMs: number }): boolean {
  if (!view) return false;
  const age = now - view.readAt;
  if (age > timing.staleAfterMs) return false;
  return view.othersQuietMs + age > ttlMs + timing.intervalMs;
}

export function createReceiverRoster(options: RosterOptions): ReceiverRoster {
  const intervalMs = options.intervalMs ?? 1000;
  // A view this old is no longer trusted: the newcomer's grace is longer than this
  // plus the time the alone replica's last keys take to reach Redis.
  const staleAfterMs = intervalMs * 1.5;
  const timing = { staleAfterMs, intervalMs };
  const graceMs = intervalMs * 2.5;
  const now = options.now ?? (() => performance.now());
  let view: RosterView | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function beat(): Promise<RosterView> {
    const readAt = now();
    const quiet = Number(await options.redis.eval(BEAT, 1, options.key, options.id, String(options.memoryMs)));
    view = { othersQuietMs: quiet < 0 ? Infinity : quiet, readAt };
    return view;
  }

  // Said once per outage, not once a beat.
  let failing = false;
  function failed(err: unknown): void {
    if (!failing) options.onUnavailable?.(err);
    failing = true;
  }

  function tick(): void {
    beat().then(() => (failing = false), failed);
  }

  return {
    graceMs,
    // Asked on every request: no object made per call.
    aloneFor: (ttlMs) => mayDecideAlone(view, ttlMs, now(), timing),
    async join() {
      timer ??= setInterval(tick, intervalMs).unref();
      try {
        const first = await beat();
        return first.othersQuietMs <= staleAfterMs + intervalMs;
      } catch (err) {
        // No Redis, no roster: every check goes to Redis (and falls back to memory), as with several replicas.
        failed(err);
        return false;
      }
    },
    leave() {
      clearInterval(timer);
      timer = undefined;
      view = undefined;
    },
  };
}
