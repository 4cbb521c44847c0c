import { App } from "@slack/bolt";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { quietBoltLogger as quiet } from "../../../test/fakes/slack/direct-receiver.js";
import { interactionBody, signSlackRequest, slashCommandBody } from "../../../test/fakes/slack/signing.js";
import { startPrivateRedis } from "../../../test/support/redis.js";
import { createMemoryDedup, createRedisDedup, type DedupStore } from "./dedup-store.js";
import { EVENTS_PATH, createHttpReceiver, verifySignature, type RejectReason } from "./http.js";

const SECRET = "test-signing-secret-0123456789abcdef";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function startReceiver(opts: { dedup?: DedupStore; nowSeconds?: () => number } = {}) {
  const rejects: RejectReason[] = [];
  const handle = createHttpReceiver({
    signingSecret: SECRET,
    port: 0,
    host: "127.0.0.1",
    dedup: opts.dedup ?? createMemoryDedup(),
    logger: quiet,
    onReject: (r) => rejects.push(r),
    ...(opts.nowSeconds ? { nowSeconds: opts.nowSeconds } : {}),
  });
  const app = new App({ token: "xoxb-test", botId: "B0", botUserId: "U0", receiver: handle.receiver, logger: quiet });
  const commands: Array<{ text: string; receivedAt: unknown; retryNum: unknown }> = [];
  app.command("/harden", async ({ ack, command, context }) => {
    commands.push({ text: command.text, receivedAt: context["receivedAt"], retryNum: context.retryNum });
    await ack({ response_type: "ephemeral", text: `queued ${command.text}` });
  });
  const actions: string[] = [];
  app.action("approval_approve", async ({ ack, action }) => {
    await ack();
    actions.push((action as { value: string }).value);
  });
  await handle.start();
  stops.push(() => handle.stop());
  const post = (body: string, headers: Record<string, string>, contentType = "application/x-www-form-urlencoded") =>
    fetch(`${handle.url()}${EVENTS_PATH}`, { method: "POST", body, headers: { "content-type": contentType, ...headers } });
  return { handle, commands, actions, rejects, post };
}

describe("signature check", () => {
  const body = Buffer.from("a=1");
  const now = 1_800_000_000;
  const sign = (ts: number) => signSlackRequest("a=1", SECRET, ts);

  it("when the signature matches and the timestamp is fresh, then it is ok", () => {
    const h = sign(now - 10);
    expect(verifySignature(SECRET, { signature: h["x-slack-signature"], timestamp: h["x-slack-request-timestamp"] }, body, now)).toBe("ok");
  });

  it("when the timestamp is more than five minutes old or ahead, then it is stale", () => {
    for (const ts of [now - 301, now + 301]) {
      const h = sign(ts);
      expect(verifySignature(SECRET, { signature: h["x-slack-signature"], timestamp: h["x-slack-request-timestamp"] }, body, now)).toBe("stale");
    }
  });

  it("when headers are missing or malformed, then it says so", () => {
    expect(verifySignature(SECRET, { signature: undefined, timestamp: String(now) }, body, now)).toBe("missing_headers");
    expect(verifySignature(SECRET, { signature: "v0=ab", timestamp: "yesterday" }, body, now)).toBe("missing_headers");
    expect(verifySignature(SECRET, { signature: "v0=zz", timestamp: String(now) }, body, now)).toBe("bad_signature");
  });
});

describe("HTTP receiver", () => {
  it("when a signed slash command arrives, then Bolt's handler answers it and sees when it arrived", async () => {
    const r = await startReceiver();
    const body = slashCommandBody({ text: "audit prod" });
    const res = await r.post(body, { ...signSlackRequest(body, SECRET) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_type: "ephemeral", text: "queued audit prod" });
    expect(r.commands).toHaveLength(1);
    expect(typeof r.commands[0]!.receivedAt).toBe("number");
  });

  it("when the signature is wrong, then it is 401 and no handler runs", async () => {
    const r = await startReceiver();
    const body = slashCommandBody({ text: "audit prod" });
    const res = await r.post(body, { ...signSlackRequest(body, "another-secret-0123456789abcdef00") });
    expect(res.status).toBe(401);
    expect(r.commands).toEqual([]);
    expect(r.rejects).toEqual(["bad_signature"]);
  });

  it("when the body was altered after signing, then it is 401", async () => {
    const r = await startReceiver();
    const body = slashCommandBody({ text: "audit prod" });
    const res = await r.post(body.replace("prod", "stag"), { ...signSlackRequest(body, SECRET) });
    expect(res.status).toBe(401);
    expect(r.commands).toEqual([]);
  });

  it("when the timestamp is older than five minutes, then it is 401", async () => {
    const r = await startReceiver();
    const body = slashCommandBody({ text: "audit prod" });
    const res = await r.post(body, { ...signSlackRequest(body, SECRET, Math.floor(Date.now() / 1000) - 6 * 60) });
    expect(res.status).toBe(401);
    expect(r.rejects).toEqual(["stale"]);
  });

  it("when a request is replayed with the same signature, then the second is 401 and runs nothing", async () => {
    const r = await startReceiver();
    const body = slashCommandBody({ text: "audit prod" });
    const headers = { ...signSlackRequest(body, SECRET) };
    expect((await r.post(body, headers)).status).toBe(200);
    expect((await r.post(body, headers)).status).toBe(401);
    expect(r.commands).toHaveLength(1);
    expect(r.rejects).toEqual(["replay"]);
  });

  it("when a byte-identical copy says it is a Slack retry, then it is answered 200 with X-Slack-No-Retry and not processed", async () => {
    const r = await startReceiver();
    const body = slashCommandBody({ text: "audit prod" });
    const headers = { ...signSlackRequest(body, SECRET) };
    await r.post(body, headers);
    const retry = await r.post(body, { ...headers, "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("x-slack-no-retry")).toBe("1");
    expect(r.commands).toHaveLength(1);
  });

  it("when replay keys are shared through Redis, then a replay to another replica is 401 too", async () => {
    const shared = new Map<string, string>();
    const redis = {
      async set(key: string, value: string): Promise<"OK" | null> {
        if (shared.has(key)) return null;
        shared.set(key, value);
        return "OK";
      },
    };
    const a = await startReceiver({ dedup: createRedisDedup({ redis, prefix: "t" }) });
    const b = await startReceiver({ dedup: createRedisDedup({ redis, prefix: "t" }) });
    const body = interactionBody({ type: "block_actions", actions: [{ action_id: "approval_approve", value: "apr_1" }], user: { id: "U1" }, team: { id: "T0" } });
    const headers = { ...signSlackRequest(body, SECRET) };
    expect((await a.post(body, headers)).status).toBe(200);
    expect((await b.post(body, headers)).status).toBe(401);
    expect([...shared.keys()]).toEqual([`t:sig:${headers["x-slack-signature"].slice(3)}`]);
  });

  it("when Redis does not answer, then requests still go through and this replica's memory still refuses a replay", async () => {
    const unavailable: unknown[] = [];
    const redis = { set: () => Promise.reject(new Error("Connection is closed.")) };
    const r = await startReceiver({ dedup: createRedisDedup({ redis, prefix: "t", onUnavailable: (e) => unavailable.push(e) }) });
    const body = slashCommandBody({ text: "audit prod" });
    const headers = { ...signSlackRequest(body, SECRET) };
    expect((await r.post(body, headers)).status).toBe(200);
    expect((await r.post(body, headers)).status).toBe(401);
    expect(unavailable).toHaveLength(1);
  });

  it("when Redis hangs, then a command still goes through once the client's command timeout passes, and memory still refuses a replay", async () => {
    const server = await startPrivateRedis();
    stops.push(() => server.dispose());
    const redis = new Redis(server.url, { commandTimeout: 250, maxRetriesPerRequest: 0 });
    stops.push(async () => redis.disconnect());
    await redis.ping();
    const unavailable: unknown[] = [];
    const r = await startReceiver({ dedup: createRedisDedup({ redis, prefix: "t", onUnavailable: (e) => unavailable.push(e) }) });
    // Replies held, connections open: Redis is there but does not answer.
    const admin = new Redis(server.url);
    await admin.call("CLIENT", "PAUSE", "5000", "ALL");
    admin.disconnect();
    const body = slashCommandBody({ text: "audit prod" });
    const headers = { ...signSlackRequest(body, SECRET) };
    const first = await r.post(body, headers);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("queued audit prod");
    expect((await r.post(body, headers)).status).toBe(401);
    expect(unavailable).toEqual([expect.objectContaining({ message: "Command timed out" })]);
  });

  it("when Slack sends its unsigned ssl_check probe, then it is answered 200 without running a handler", async () => {
    const r = await startReceiver();
    const res = await r.post("ssl_check=1&token=x&command=%2Fharden&text=audit", {});
    expect(res.status).toBe(200);
    expect(r.commands).toEqual([]);
  });

  it("when an unsigned ssl_check probe smuggles an interaction payload, then the payload is never dispatched", async () => {
    const r = await startReceiver();
    const smuggled = `ssl_check=1&${interactionBody({ type: "block_actions", actions: [{ action_id: "approval_approve", value: "apr_1" }], user: { id: "U1" }, team: { id: "T0" } })}`;
    const res = await r.post(smuggled, {});
    expect(res.status).toBe(200);
    expect(r.actions).toEqual([]);
  });

  it("when the path or method is not the events endpoint, then it is 404 or 405", async () => {
    const r = await startReceiver();
    expect((await fetch(`${r.handle.url()}/other`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${r.handle.url()}${EVENTS_PATH}`)).status).toBe(405);
  });
});

describe("memory dedup", () => {
  it("when a key expires, then it may be claimed again, and the map stays within its bound", async () => {
    let t = 0;
    const d = createMemoryDedup({ maxEntries: 3, now: () => t });
    expect(d.claimSync("a", 100)).toBe("first");
    expect(d.claimSync("a", 100)).toBe("seen");
    t = 101;
    expect(d.claimSync("a", 100)).toBe("first");
    for (const k of ["b", "c", "d", "e"]) d.claimSync(k, 1000);
    expect(d.size).toBeLessThanOrEqual(3);
  });
});
