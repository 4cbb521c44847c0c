// Socket Mode: SLACK_APP_TOKEN set, the bot dials the fake Socket Mode server that
// apps.connections.open (on SLACK_API_URL) hands out, and the same handlers answer.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eventCallback, slashCommand } from "../fakes/slack/signing.js";
import { Redis } from "ioredis";
import { TEST_REDIS_URL, deletePrefix, requireRedis, testPrefix } from "../support/redis.js";
import { ROOT, isAuditResult, jobCount, scratch, startHarden, type Harden } from "./harness.js";
import { join } from "node:path";

const prefix = testPrefix();
const s = scratch({
  environments: { example: { kubernetes: { snapshot: join(ROOT, "examples/cluster") }, channel: "C0EXAMPLE01" } },
  roles: { viewers: { users: ["U0VIEWER1"] } },
});
let bot: Harden;

beforeAll(async () => {
  await requireRedis();
  bot = await startHarden({ configPath: s.configPath, transport: "socket", prefix, databaseUrl: s.databaseUrl });
});

afterAll(async () => {
  expect(await bot?.stop()).toBe(0);
  await deletePrefix(prefix);
  s.dispose();
});

describe("harden serve in Socket Mode", () => {
  it("when the bot starts, then it opened its socket through SLACK_API_URL with the app token", () => {
    const opens = bot.api.callsTo("apps.connections.open");
    expect(opens.length).toBeGreaterThanOrEqual(1);
    expect(opens[0]!.token).toBe("xapp-fake-app-token");
    expect(bot.runtime.slack?.url()).toBeUndefined();
  });

  it("when /harden audit arrives in an envelope, then the ack carries the ephemeral queued line and the result is posted", async () => {
    const ack = await bot.socket!.sendEnvelope({ type: "slash_commands", payload: { ...slashCommand({ text: "audit example", user_id: "U0VIEWER1", channel_id: "C0EXAMPLE01" }) } });
    expect(ack.payload).toMatchObject({ response_type: "ephemeral" });
    expect(String(ack.payload?.["text"])).toMatch(/^Queued: Audit of example/);
    const result = await bot.api.waitForCall("chat.update", { predicate: isAuditResult, timeoutMs: 25_000 });
    expect(result.args["channel"]).toBe("C0EXAMPLE01");
  });

  it("when an event is delivered twice with the same event_id, then it is handled once", async () => {
    const before = await jobCount(prefix, "app-home");
    const event = eventCallback({ type: "app_home_opened", user: "U0VIEWER1", channel: "D0HOME", tab: "home" }, { eventId: "Ev0SAMEEVENT" });
    await bot.socket!.sendEnvelope({ type: "events_api", payload: event });
    await bot.socket!.sendEnvelope({ type: "events_api", payload: event, retryAttempt: 1, retryReason: "timeout" });
    await bot.api.waitForCall("views.publish", { timeoutMs: 10_000 });
    expect(await jobCount(prefix, "app-home")).toBe(before + 1);
    // The claim is shared by every replica (the job's own coalescing would hide a second delivery here).
    // A replica alone decides from memory and writes its keys to Redis a moment later.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await vi.waitFor(async () => expect(await redis.exists(`${prefix}:dedup:event:Ev0SAMEEVENT`)).toBe(1), { timeout: 2000, interval: 20 });
    } finally {
      redis.disconnect();
    }
    expect(bot.api.state.homeViews.has("U0VIEWER1")).toBe(true);
  });
});
