// "Have we seen this before?" for request signatures (replays) and Events API ids
// (Slack's redeliveries), shared by every replica through Redis `SET NX PX`.
// The answer must come fast and must not fail the request: when Redis does not
// answer in time, this process's own memory of recent keys decides, so a replay
// to the same replica is still caught and a Redis outage still lets the user get
// the "try again" reply from the command handler instead of a Slack error.

export type ClaimResult = "first" | "seen";

export interface DedupStore {
  /** Marks `key` as seen for `ttlMs`; "seen" when it already was. Never rejects. */
  claim(key: string, ttlMs: number): Promise<ClaimResult>;
}

/** The one Redis command used; ioredis' client satisfies it. */
export interface SetNxClient {
  set(key: string, value: string, px: "PX", ttlMs: number, nx: "NX"): Promise<"OK" | null>;
}

export interface MemoryDedup extends DedupStore {
  claimSync(key: string, ttlMs: number): ClaimResult;
  readonly size: number;
}

/** Keys with their expiry, oldest first; bounded so a flood cannot grow it without end. */
export function createMemoryDedup(options: { maxEntries?: number; now?: () => number } = {}): MemoryDedup {
  const max = options.maxEntries ?? 200_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();

  function prune(t: number): void {
    for (const [k, expires] of seen) {
      if (seen.size <= max && expires > t) break;
      if (expires <= t || seen.size > max) seen.delete(k);
    }
  }

  function claimSync(key: string, ttlMs: number): ClaimResult {
    const t = now();
    const expires = seen.get(key);
    if (expires !== undefined && expires > t) return "seen";
    seen.delete(key); // re-inserted last, keeping the map in expiry order for equal TTLs
    seen.set(key, t + ttlMs);
    if (seen.size > max) prune(t);
    return "first";
  }

  return {
    claimSync,
    claim: async (key, ttlMs) => claimSync(key, ttlMs),
    get size() {
      return seen.size;
    },
  };
}

export interface RedisDedupOptions {
  /**
   * The claim waits as long as this client lets a command wait: give it one with a
   * short commandTimeout (the runtime's dedup client has 250 ms), so a hung Redis
   * costs a request that much and no more. One timer per command, in the client,
   * instead of a second timer and a race per request.
   */
  redis: SetNxClient;
  /** Key namespace, e.g. "harden:dedup". */
  prefix: string;
  local?: MemoryDedup;
  onUnavailable?: (err: unknown) => void;
}

export function createRedisDedup(options: RedisDedupOptions): DedupStore {
  const local = options.local ?? createMemoryDedup();

  return {
    async claim(key, ttlMs) {
      // Local first: a replay to this replica is caught without a round trip, and
      // remembering every key locally keeps replays out during a Redis outage.
      if (local.claimSync(key, ttlMs) === "seen") return "seen";
      try {
        return (await options.redis.set(`${options.prefix}:${key}`, "1", "PX", ttlMs, "NX")) === "OK" ? "first" : "seen";
      } catch (err) {
        options.onUnavailable?.(err);
        return "first";
      }
    },
  };
}
