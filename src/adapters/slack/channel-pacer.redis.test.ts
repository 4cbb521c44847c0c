import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL, deletePrefix, requireRedis, testPrefix } from "../../../test/support/redis.js";
import { RateLimitedError } from "../../ports/notifier.js";
import { createRedisChannelPacer } from "./channel-pacer.js";

const prefix = testPrefix();
// Two connections stand for two worker processes.
let a: Redis;
let b: Redis;

beforeAll(async () => {
  await requireRedis();
  a = new Redis(TEST_REDIS_URL);
  b = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  a?.disconnect();
  b?.disconnect();
  await deletePrefix(prefix);
});

describe("Redis channel pacer", () => {
  it("when one process took a channel's slot, then another process is told to wait for that channel but not for another one", async () => {
    const first = createRedisChannelPacer({ redis: a, prefix, intervalMs: 5_000, maxWaitMs: 0 });
    const second = createRedisChannelPacer({ redis: b, prefix, intervalMs: 5_000, maxWaitMs: 0 });
    await first.acquire("C0BUSY001");
    const refused = await second.acquire("C0BUSY001").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    await expect(second.acquire("C0QUIET01")).resolves.toBeUndefined();
    expect(await a.exists(`${prefix}:pace:C0BUSY001`, `${prefix}:pace:C0QUIET01`)).toBe(2);
  });

  it("when the slot is taken and waiting is allowed, then the second poster is refused once, waits, and takes the next slot", async () => {
    const first = createRedisChannelPacer({ redis: a, prefix, intervalMs: 150 });
    const attempts: unknown[] = [];
    // Counts the second process's SET NX calls and what Redis answered.
    const counting = new Proxy(b, {
      get(target, prop, receiver) {
        if (prop !== "set") return Reflect.get(target, prop, receiver);
        return async (...args: unknown[]) => {
          const answer = await (target.set as (...x: unknown[]) => Promise<unknown>)(...args);
          attempts.push(answer);
          return answer;
        };
      },
    });
    const second = createRedisChannelPacer({ redis: counting, prefix, intervalMs: 150 });
    await first.acquire("C0WAIT001");
    await second.acquire("C0WAIT001");
    expect(attempts[0]).toBeNull();
    expect(attempts.at(-1)).toBe("OK");
    expect(await b.pttl(`${prefix}:pace:C0WAIT001`)).toBeGreaterThan(0);
  });

  it("when the caller's signal fires while it waits, then acquire rejects instead of waiting on", async () => {
    const first = createRedisChannelPacer({ redis: a, prefix, intervalMs: 10_000 });
    await first.acquire("C0ABORT01");
    const controller = new AbortController();
    const waiting = first.acquire("C0ABORT01", controller.signal).catch((e: unknown) => e);
    controller.abort(new Error("shutting down"));
    expect(await waiting).toMatchObject({ message: "shutting down" });
  });
});
