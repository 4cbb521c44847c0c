import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL, deletePrefix, requireRedis, testPrefix } from "../../../test/support/redis.js";
import { createRedisOnceClaims } from "./once-claims.js";

const prefix = testPrefix();
let redis: Redis;

beforeAll(async () => {
  await requireRedis();
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await deletePrefix(prefix);
});

describe("once-only claims", () => {
  it("when two jobs race for the same claim, then exactly one gets it, and the holder keeps it on a retry", async () => {
    const claim = createRedisOnceClaims({ redis, prefix });
    const results = await Promise.all([claim("digest:prod:morning", "job-1", 60_000), claim("digest:prod:morning", "job-2", 60_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? "job-1" : "job-2";
    expect(await claim("digest:prod:morning", winner, 60_000)).toBe(true);
    expect(await claim("digest:prod:evening", "job-2", 60_000)).toBe(true);
  });

  it("when the claim lapses, then the next job may take it", async () => {
    const claim = createRedisOnceClaims({ redis, prefix });
    expect(await claim("digest:staging:x", "job-1", 100)).toBe(true);
    expect(await claim("digest:staging:x", "job-2", 100)).toBe(false);
    await new Promise((r) => setTimeout(r, 250));
    expect(await claim("digest:staging:x", "job-2", 100)).toBe(true);
  });
});
