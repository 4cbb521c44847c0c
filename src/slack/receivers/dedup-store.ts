// "Have we seen this before?" for request signatures (replays) and Events API ids
// (Slack's redeliveries), shared by every replica through Redis `SET NX PX`.
// The answer must come fast and must not fail the request: when Redis does not
// answer in time, this process's own memory of recent keys decides, so a replay
// to the same replica is still caught and a Redis outage still lets the user get
// the "try again" reply from the command handler instead of a Slack error.
//
// A replica that the roster says is alone decides from memory without asking
// Redis, and writes its keys there a moment later in one batch, so a replica that
// starts after it still refuses them (receiver-roster.ts explains the hand-over).
// That is the default deployment, and it takes a Redis round trip, with the two
// wake-ups it costs, off every request.
import { GroupCommit } from "../../adapters/group-commit.js";
import type { ReceiverRoster } from "./receiver-roster.js";

export type ClaimResult = "first" | "seen";

export interface DedupStore {
  /** Marks `key` as seen for `ttlMs`; "seen" when it already was. Never rejects. */
  claim(key: string, ttlMs: number): Promise<ClaimResult>;
}

/** The Redis commands used; ioredis' client satisfies it. */
export interface SetNxClient {
  set(key: string, value: string, px: "PX", ttlMs: number, nx: "NX"): Promise<"OK" | null>;
  /** When there, keys written behind go out as one pipeline (one write) rather than a command each. */
  pipeline?(commands: unknown[][]): { exec(): Promise<Array<[error: Error | null, result: unknown]> | null> };
}

/** A store that writes behind: `close` sends what is still waiting. */
export interface ClosableDedupStore extends DedupStore {
  close(): Promise<void>;
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
  /** When given, keys this replica may decide alone skip the round trip and are written behind. */
  roster?: Pick<ReceiverRoster, "aloneFor">;
  /** How long keys decided alone wait to be written together; 100 ms by default. */
  writeBehindMs?: number;
  onUnavailable?: (err: unknown) => void;
  /** A key decided alone was already in Redis: another replica took the same request while this one thought it was alone. */
  onConflict?: () => void;
  now?: () => number;
}

interface PendingKey {
  key: string;
  expiresAt: number;
}

export function createRedisDedup(options: RedisDedupOptions): ClosableDedupStore {
  const local = options.local ?? createMemoryDedup();
  const now = options.now ?? Date.now;
  const { redis } = options;

  /** Never rejects: a failed write is reported, and memory still holds the keys. */
  async function writeKeys(batch: readonly PendingKey[]): Promise<void> {
    const t = now();
    const args = batch.map((p) => [`${options.prefix}:${p.key}`, "1", "PX", Math.max(1, p.expiresAt - t), "NX"] as const);
    try {
      const values = redis.pipeline
        ? ((await redis.pipeline(args.map((a) => ["set", ...a])).exec()) ?? []).map(([err, value]) => {
            if (err) throw err;
            return value;
          })
        : await Promise.all(args.map((a) => redis.set(...a)));
      if (values.some((v) => v !== "OK")) options.onConflict?.();
    } catch (err) {
      options.onUnavailable?.(err);
    }
  }
  const behind = new GroupCommit<PendingKey>(writeKeys, options.writeBehindMs ?? 100);

  return {
    async claim(key, ttlMs) {
      // Local first: a replay to this replica is caught without a round trip, and
      // remembering every key locally keeps replays out during a Redis outage.
      if (local.claimSync(key, ttlMs) === "seen") return "seen";
      if (options.roster?.aloneFor(ttlMs)) {
        void behind.add({ key, expiresAt: now() + ttlMs });
        return "first";
      }
      try {
        return (await redis.set(`${options.prefix}:${key}`, "1", "PX", ttlMs, "NX")) === "OK" ? "first" : "seen";
      } catch (err) {
        options.onUnavailable?.(err);
        return "first";
      }
    },
    close: () => behind.flush(),
  };
}
