// "Post this once, whoever runs it": a claim in Redis that the first job to ask
// gets and every other job is refused, until it lapses. A scheduler that fires
// twice, or two replicas that each enqueue the same digest, produce two jobs;
// only the one holding the claim posts. The holder's own retries keep it, so a
// digest that hit a 429 after claiming is still sent by its next attempt.
import type { Redis } from "ioredis";

export type ClaimOnce = (key: string, owner: string, ttlMs: number) => Promise<boolean>;

// SET NX, or "already mine": one round trip, no window between the two checks.
const CLAIM = `
local current = redis.call("GET", KEYS[1])
if current == ARGV[1] then return 1 end
if current then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1
`;

export function createRedisOnceClaims(options: { redis: Redis; prefix?: string }): ClaimOnce {
  const prefix = options.prefix ?? "harden";
  return async (key, owner, ttlMs) => {
    if (!(ttlMs > 0)) throw new RangeError("ttlMs must be positive");
    const result = await options.redis.eval(CLAIM, 1, `${prefix}:once:${key}`, owner, String(Math.ceil(ttlMs)));
    return result === 1;
  };
}
