// Two `harden bot` replicas on one Redis, over HTTP. The first runs alone and checks
// replays from its own memory (no Redis round trip per request); the second, on
// joining, waits for the first to notice it and share its keys, so a request
// accepted by either is refused by both when replayed.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_PATH } from "../../src/slack/receivers/http.js";
import { signSlackRequest, slashCommandBody } from "../fakes/slack/signing.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "../fakes/slack/web-api.js";
import { deletePrefix, requireRedis, testPrefix } from "../support/redis.js";
import { APP_TOKEN, BOT_TOKEN, ROOT, SIGNING_SECRET, scratch, startHarden, type Harden } from "./harness.js";

const prefix = testPrefix();
const s = scratch({ environments: { example: { kubernetes: { snapshot: join(ROOT, "examples/cluster") }, channel: "C0EXAMPLE01" } }, roles: { viewers: { users: ["U0VIEWER1"] } } });
// Both replicas beat at the same pace: a newcomer's grace is counted in the other's heartbeats.
const runtime = { rosterIntervalMs: 100 };
let api: FakeSlackWebApi;
const bots: Harden[] = [];

beforeAll(async () => {
  await requireRedis();
  api = await startFakeSlackWebApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
});

afterAll(async () => {
  for (const b of bots) await b.stop();
  await api?.close();
  await deletePrefix(prefix);
  s.dispose();
});

function signed(text: string): { body: string; headers: Record<string, string> } {
  const body = slashCommandBody({ text, user_id: "U0VIEWER1", channel_id: "C0EXAMPLE01", response_url: api.responseUrl() });
  return { body, headers: { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(body, SIGNING_SECRET) } };
}

async function post(bot: Harden, request: { body: string; headers: Record<string, string> }): Promise<number> {
  const res = await fetch(`${bot.runtime.slack!.url()}${EVENTS_PATH}`, { method: "POST", body: request.body, headers: request.headers });
  await res.arrayBuffer();
  return res.status;
}

describe("two bot replicas", () => {
  it("when the first took a request alone and a second replica joins, then a replay of it to the second is 401, and so is a replay the other way", async () => {
    const first = await startHarden({ configPath: s.configPath, api, prefix, databaseUrl: s.databaseUrl, role: "bot", runtime });
    bots.push(first);
    const early = signed("audit example ns=early");
    expect(await post(first, early)).toBe(200);
    expect(first.logs()).not.toContain("another replica takes Slack requests");

    const second = await startHarden({ configPath: s.configPath, api, prefix, databaseUrl: s.databaseUrl, role: "bot", runtime });
    bots.push(second);
    expect(second.logs()).toContain("another replica takes Slack requests");
    expect(await post(second, early)).toBe(401);

    const late = signed("audit example ns=late");
    expect(await post(second, late)).toBe(200);
    expect(await post(first, late)).toBe(401);
  });
});
