// Redis goes away under a running bot: commands are still answered inside Slack's
// budget, with a clear "try again" instead of a timeout, /readyz says why, and
// everything works again once Redis is back, without a restart.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startPrivateRedis, type PrivateRedis } from "../support/redis.js";
import { ROOT, scratch, startHarden, type Harden } from "./harness.js";

const s = scratch({
  environments: { example: { kubernetes: { snapshot: join(ROOT, "examples/cluster") }, channel: "C0EXAMPLE01" } },
  roles: { viewers: { users: ["U0VIEWER1"] } },
});
let redis: PrivateRedis;
let bot: Harden;

beforeAll(async () => {
  redis = await startPrivateRedis();
  // A private server, thrown away afterwards: any prefix will do.
  bot = await startHarden({ configPath: s.configPath, redisUrl: redis.url, prefix: "harden-test-outage", databaseUrl: s.databaseUrl });
});

afterAll(async () => {
  expect(await bot?.stop()).toBe(0);
  await redis?.dispose();
  s.dispose();
});

describe("when Redis is down", () => {
  it("when Redis answers, then an audit is queued", async () => {
    const res = await bot.command("audit example", { user_id: "U0VIEWER1" });
    expect(res.json().text).toMatch(/^Queued/);
  });

  it("when Redis is killed, then the command is answered with a clear try-again line and /readyz names Redis", async () => {
    await redis.stop();
    const res = await bot.command("audit example ns=monitoring", { user_id: "U0VIEWER1" });
    expect(res.status).toBe(200);
    const ack = res.json();
    expect(ack.response_type).toBe("ephemeral");
    // The dispatcher's own answer, not the handler's "taking longer" fallback: it came inside the budget.
    expect(ack.text).toMatch(/job queue is unavailable.*nothing was queued.*try again/i);
    const ready = await fetch(`${bot.healthUrl()}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/^redis: (?!ok)/m);
    expect((await fetch(`${bot.healthUrl()}/healthz`)).status).toBe(200);
  });

  it("when Redis comes back, then the next command is queued and the result is posted, without a restart", async () => {
    await redis.start();
    await vi.waitFor(
      async () => {
        const res = await bot.command("audit example ns=kube-system", { user_id: "U0VIEWER1" });
        expect(res.json().text).toMatch(/^Queued/);
      },
      { timeout: 20_000, interval: 500 },
    );
    await bot.api.waitForCall("chat.update", {
      predicate: (c) => / audit: score /.test(String(c.args["text"])) && JSON.stringify(c.args["blocks"]).includes("kube-system"),
      timeoutMs: 30_000,
    });
    await vi.waitFor(async () => expect((await fetch(`${bot.healthUrl()}/readyz`)).status).toBe(200), { timeout: 10_000 });
  });
});
