import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_REDIS_URL, deletePrefix, requireRedis, testPrefix } from "../../../test/support/redis.js";
import { createMemoryDedup, createRedisDedup, type SetNxClient } from "./dedup-store.js";
import { createReceiverRoster, mayDecideAlone, type ReceiverRoster } from "./receiver-roster.js";

const prefix = testPrefix();
const INTERVAL_MS = 50;
const TTL_MS = 5 * 60_000;
let redis: Redis;
const rosters: ReceiverRoster[] = [];

beforeAll(async () => {
  await requireRedis();
  redis = new Redis(TEST_REDIS_URL);
});
afterEach(() => {
  for (const r of rosters.splice(0)) r.leave();
});
afterAll(async () => {
  redis?.disconnect();
  await deletePrefix(prefix);
});

let rosterCount = 0;
function roster(key: string, memoryMs = TTL_MS): ReceiverRoster {
  const r = createReceiverRoster({ redis, key: `${prefix}:${key}`, id: `replica-${++rosterCount}`, memoryMs, intervalMs: INTERVAL_MS });
  rosters.push(r);
  return r;
}

/** The real client, counting the commands that make a request wait. */
function countingClient(): SetNxClient & { sets: number; pipelines: number } {
  const c = {
    sets: 0,
    pipelines: 0,
    set: (key: string, value: string, px: "PX", ttl: number, nx: "NX") => {
      c.sets++;
      return redis.set(key, value, px, ttl, nx);
    },
    pipeline: (commands: unknown[][]) => {
      c.pipelines++;
      return redis.pipeline(commands);
    },
  };
  return c;
}

describe("mayDecideAlone", () => {
  const timing = { staleAfterMs: 1500, intervalMs: 1000 };
  it("when nobody else beat within the TTL and the view is fresh, then yes; stale, recent or missing views say no", () => {
    expect(mayDecideAlone({ othersQuietMs: Infinity, readAt: 0 }, TTL_MS, 1000, timing)).toBe(true);
    expect(mayDecideAlone({ othersQuietMs: Infinity, readAt: 0 }, TTL_MS, 1501, timing)).toBe(false);
    expect(mayDecideAlone(undefined, TTL_MS, 0, timing)).toBe(false);
    // Another receiver beat 5 minutes ago: a 5-minute key it took may still be live (it may have lived one more interval).
    expect(mayDecideAlone({ othersQuietMs: TTL_MS, readAt: 0 }, TTL_MS, 0, timing)).toBe(false);
    expect(mayDecideAlone({ othersQuietMs: TTL_MS + 1001, readAt: 0 }, TTL_MS, 0, timing)).toBe(true);
    // The same view answers per TTL: an hour-long key is not decided alone yet.
    expect(mayDecideAlone({ othersQuietMs: TTL_MS + 1001, readAt: 0 }, 60 * 60_000, 0, timing)).toBe(false);
  });
});

describe("receiver roster", () => {
  it("when one receiver joins, then it is alone; when a second joins, then the second is told to wait and the first stops deciding alone", async () => {
    const a = roster("pair");
    expect(await a.join()).toBe(false);
    expect(a.aloneFor(TTL_MS)).toBe(true);
    const b = roster("pair");
    expect(await b.join()).toBe(true);
    expect(b.aloneFor(TTL_MS)).toBe(false);
    await sleep(INTERVAL_MS * 2);
    expect(a.aloneFor(TTL_MS)).toBe(false);
    expect(b.graceMs).toBeGreaterThan(INTERVAL_MS * 1.5);
  });

  it("when the other receiver leaves, then it is remembered until its keys have expired", async () => {
    const shortTtl = 300;
    const a = roster("leave", shortTtl);
    await a.join();
    const b = roster("leave", shortTtl);
    await b.join();
    b.leave();
    await sleep(INTERVAL_MS * 2);
    expect(a.aloneFor(shortTtl)).toBe(false);
    await vi.waitFor(() => expect(a.aloneFor(shortTtl)).toBe(true), { timeout: 3000, interval: INTERVAL_MS });
  });

  it("when Redis stops answering, then the view goes stale and nothing is decided alone", async () => {
    const failing = { eval: vi.fn().mockResolvedValueOnce(-1).mockRejectedValue(new Error("Connection is closed.")) };
    const errors: unknown[] = [];
    const r = createReceiverRoster({ redis: failing as unknown as Redis, key: `${prefix}:stale`, id: "x", memoryMs: TTL_MS, intervalMs: INTERVAL_MS, onUnavailable: (e) => errors.push(e) });
    rosters.push(r);
    expect(await r.join()).toBe(false);
    expect(r.aloneFor(TTL_MS)).toBe(true);
    await vi.waitFor(() => expect(r.aloneFor(TTL_MS)).toBe(false), { timeout: 2000, interval: 10 });
    // Several beats failed; the outage was reported once.
    await vi.waitFor(() => expect(failing.eval.mock.calls.length).toBeGreaterThan(3), { timeout: 2000, interval: 10 });
    expect(errors).toHaveLength(1);
  });
});

describe("dedup with a roster", () => {
  it("when the replica is alone, then a claim does not wait on Redis, and its key reaches Redis shortly after in one pipeline", async () => {
    const client = countingClient();
    const r = roster("alone");
    await r.join();
    const dedup = createRedisDedup({ redis: client, prefix: `${prefix}:d1`, roster: r, local: createMemoryDedup(), writeBehindMs: 20 });
    expect(await dedup.claim("sig:aaa", TTL_MS)).toBe("first");
    expect(await dedup.claim("sig:bbb", TTL_MS)).toBe("first");
    expect(await dedup.claim("sig:aaa", TTL_MS)).toBe("seen");
    expect(client.sets).toBe(0);
    await vi.waitFor(async () => expect(await redis.exists(`${prefix}:d1:sig:aaa`, `${prefix}:d1:sig:bbb`)).toBe(2), { timeout: 2000, interval: 10 });
    expect(client.pipelines).toBe(1);
    const pttl = await redis.pttl(`${prefix}:d1:sig:aaa`);
    expect(pttl).toBeGreaterThan(TTL_MS - 5000);
    expect(pttl).toBeLessThanOrEqual(TTL_MS);
  });

  it("when a second replica joins and waits its grace, then a key the first took alone is refused there, and keys go through Redis both ways after", async () => {
    const ra = roster("handover");
    await ra.join();
    const a = createRedisDedup({ redis, prefix: `${prefix}:d2`, roster: ra, local: createMemoryDedup() });
    expect(await a.claim("sig:before", TTL_MS)).toBe("first");

    const rb = roster("handover");
    expect(await rb.join()).toBe(true);
    await sleep(rb.graceMs);
    const b = createRedisDedup({ redis, prefix: `${prefix}:d2`, roster: rb, local: createMemoryDedup() });
    expect(await b.claim("sig:before", TTL_MS)).toBe("seen");
    expect(await b.claim("sig:after", TTL_MS)).toBe("first");
    expect(await a.claim("sig:after", TTL_MS)).toBe("seen");
    await Promise.all([a.close(), b.close()]);
  });

  it("when a key decided alone turns out to be in Redis already, then the conflict is reported", async () => {
    await redis.set(`${prefix}:d3:sig:taken`, "1", "PX", 60_000);
    const conflicts: number[] = [];
    const dedup = createRedisDedup({ redis, prefix: `${prefix}:d3`, roster: { aloneFor: () => true }, onConflict: () => conflicts.push(1) });
    expect(await dedup.claim("sig:taken", TTL_MS)).toBe("first");
    await dedup.close();
    expect(conflicts).toEqual([1]);
  });

  it("without a roster, then every claim asks Redis before it answers", async () => {
    const client = countingClient();
    const dedup = createRedisDedup({ redis: client, prefix: `${prefix}:d4` });
    expect(await dedup.claim("sig:x", TTL_MS)).toBe("first");
    expect(client.sets).toBe(1);
    expect(await redis.exists(`${prefix}:d4:sig:x`)).toBe(1);
  });
});
