import { ErrorCode, LogLevel, WebClient, WebClientEvent, type WebAPIPlatformError, type WebAPIRateLimitedError } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rejectionOf } from "../../support/rejection.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "./web-api.js";

// The fake is driven by the real @slack/web-api client, so what passes here is what
// the bot's own client will see.
let fake: FakeSlackWebApi;
let client: WebClient;
const BOT = "xoxb-fake-bot-token";
const APP = "xapp-fake-app-token";
const noRetry = { retries: 0 };

beforeEach(async () => {
  fake = await startFakeSlackWebApi();
  client = new WebClient(BOT, { slackApiUrl: fake.apiUrl, retryConfig: noRetry, logLevel: LogLevel.ERROR });
});
afterEach(() => fake.close());

describe("fake Slack Web API", () => {
  it("when the bot token calls auth.test, then it answers with the bot's identity", async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: "T0FAKE", user_id: "U0HARDEN", bot_id: "B0HARDEN" });
    expect(fake.callsTo("auth.test")[0]!.token).toBe(BOT);
  });

  it("when a token is wrong or missing, then Slack's auth errors come back", async () => {
    const wrong = new WebClient("xoxb-nope", { slackApiUrl: fake.apiUrl, retryConfig: noRetry, logLevel: LogLevel.ERROR });
    expect((await rejectionOf<WebAPIPlatformError>(wrong.auth.test())).data.error).toBe("invalid_auth");
    const none = await fetch(`${fake.apiUrl}auth.test`, { method: "POST" });
    expect(await none.json()).toEqual({ ok: false, error: "not_authed" });
  });

  it("when messages are posted, then blocks arrive decoded, ts values increase and chat.update rewrites the stored message", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*running*" } }];
    const first = await client.chat.postMessage({ channel: "C0PROD", text: "running", blocks });
    const second = await client.chat.postMessage({ channel: "C0PROD", text: "details", thread_ts: first.ts! });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.callsTo("chat.postMessage")[0]!.args["blocks"]).toEqual(blocks);
    expect(second.message?.thread_ts).toBe(first.ts);

    const updated = await client.chat.update({ channel: "C0PROD", ts: first.ts!, text: "done", blocks: [] });
    expect(updated).toMatchObject({ ok: true, ts: first.ts, text: "done" });
    expect(fake.state.message("C0PROD", first.ts!)).toMatchObject({ text: "done", updates: 1 });

    const link = await client.chat.getPermalink({ channel: "C0PROD", message_ts: first.ts! });
    expect(link.permalink).toContain(`/archives/C0PROD/p${first.ts!.replace(".", "")}`);
    expect((await rejectionOf<WebAPIPlatformError>(client.chat.update({ channel: "C0PROD", ts: "1.000000", text: "x" }))).data.error).toBe("message_not_found");
  });

  it("when a method is rate limited, then the client sees 429 with Retry-After and its retry succeeds", async () => {
    const retrying = new WebClient(BOT, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
      logLevel: LogLevel.ERROR,
    });
    const limited: number[] = [];
    retrying.on(WebClientEvent.RATE_LIMITED, (sec: number) => limited.push(sec));
    fake.rateLimit("chat.postMessage", { retryAfterSec: 1, times: 1 });

    const res = await retrying.chat.postMessage({ channel: "C0PROD", text: "hello" });
    expect(res.ok).toBe(true);
    expect(fake.callsTo("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
    expect(limited).toEqual([1]);
  });

  it("when the client rejects rate-limited calls, then it gets the Retry-After value at once and does not retry", async () => {
    const strict = new WebClient(BOT, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
    fake.rateLimit("chat.update", { retryAfterSec: 30, times: 1 });
    const e = (await rejectionOf<WebAPIPlatformError>(strict.chat.update({ channel: "C0PROD", ts: "1.1", text: "x" }))) as unknown as WebAPIRateLimitedError;
    expect(e.code).toBe(ErrorCode.RateLimitedError);
    expect(e.retryAfter).toBe(30);
    expect(fake.callsTo("chat.update")).toHaveLength(1);
  });

  it("when told to fail a method, then the next calls get ok:false with that error and later ones succeed", async () => {
    fake.failWith("chat.postMessage", "channel_not_found", { times: 2 });
    for (let i = 0; i < 2; i++) {
      const e = await rejectionOf<WebAPIPlatformError>(client.chat.postMessage({ channel: "C0GONE", text: "x" }));
      expect(e.code).toBe(ErrorCode.PlatformError);
      expect(e.data.error).toBe("channel_not_found");
    }
    expect((await client.chat.postMessage({ channel: "C0GONE", text: "x" })).ok).toBe(true);
  });

  it("when the bot is not in a registered channel, then posting there fails the way Slack does", async () => {
    fake.addChannel({ id: "C0PUB", name: "ops", isMember: false });
    fake.addChannel({ id: "G0PRIV", name: "secops", isPrivate: true, isMember: false });
    expect((await rejectionOf<WebAPIPlatformError>(client.chat.postMessage({ channel: "C0PUB", text: "x" }))).data.error).toBe("not_in_channel");
    expect((await rejectionOf<WebAPIPlatformError>(client.chat.postMessage({ channel: "G0PRIV", text: "x" }))).data.error).toBe("channel_not_found");
    expect((await client.conversations.info({ channel: "C0PUB" })).channel).toMatchObject({ name: "ops", is_member: false });
    expect((await rejectionOf<WebAPIPlatformError>(client.conversations.info({ channel: "C0NONE" }))).data.error).toBe("channel_not_found");
  });

  it("when a report is uploaded with files.uploadV2, then the bytes, titles and thread share round-trip", async () => {
    const markdown = "# harden audit: prod\n\n| a | b |\n";
    const json = JSON.stringify({ environment: "prod", findings: [] });
    const res = await client.filesUploadV2({
      channel_id: "C0PROD",
      thread_ts: "1772443800.000001",
      initial_comment: "Full report",
      file_uploads: [
        { content: markdown, filename: "report.md", title: "Report (Markdown)" },
        { file: Buffer.from(json), filename: "report.json", title: "Report (JSON)" },
      ],
    });
    expect(res.ok).toBe(true);
    const uploads = [...fake.state.uploads.values()];
    expect(uploads.map((u) => [u.filename, u.content?.toString("utf8"), u.title])).toEqual([
      ["report.md", markdown, "Report (Markdown)"],
      ["report.json", json, "Report (JSON)"],
    ]);
    expect(uploads.every((u) => u.length === u.content!.length)).toBe(true);
    expect(uploads[0]!.sharedTo).toEqual({ channel: "C0PROD", threadTs: "1772443800.000001", initialComment: "Full report" });
    expect(fake.callsTo("upload")).toHaveLength(2);
    expect(fake.callsTo("files.completeUploadExternal")[0]!.args["files"]).toEqual(
      uploads.map((u) => ({ id: u.id, title: u.title })),
    );
  });

  it("when completing an upload whose bytes never arrived, then it is refused", async () => {
    const { file_id } = await client.files.getUploadURLExternal({ filename: "x.md", length: 3 });
    const e = await rejectionOf<WebAPIPlatformError>(client.files.completeUploadExternal({ files: [{ id: file_id! }] }));
    expect(e.data.error).toBe("file_not_found");
  });

  it("when Home views, ephemeral messages and user groups are used, then they behave like Slack's", async () => {
    fake.setUserGroup("S0APPROVERS", ["U0ALICE", "U0BOB"]);
    expect((await client.usergroups.users.list({ usergroup: "S0APPROVERS" })).users).toEqual(["U0ALICE", "U0BOB"]);
    expect((await rejectionOf<WebAPIPlatformError>(client.usergroups.users.list({ usergroup: "S0NONE" }))).data.error).toBe("no_such_subteam");

    const view = { type: "home" as const, blocks: [{ type: "divider" as const }] };
    const published = await client.views.publish({ user_id: "U0ALICE", view });
    expect(fake.state.homeViews.get("U0ALICE")?.view).toEqual(view);
    expect((await rejectionOf<WebAPIPlatformError>(client.views.publish({ user_id: "U0ALICE", view, hash: "stale" }))).data.error).toBe("hash_conflict");
    expect((await client.views.publish({ user_id: "U0ALICE", view, hash: published.view!.hash! })).ok).toBe(true);

    await client.chat.postEphemeral({ channel: "C0PROD", user: "U0ALICE", text: "Queued" });
    expect(fake.state.ephemerals).toEqual([{ channel: "C0PROD", user: "U0ALICE", text: "Queued", blocks: [] }]);
  });

  it("when a client sends JSON with a Bearer token, then the arguments are parsed the same way", async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${BOT}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C0PROD", text: "json", blocks: [{ type: "divider" }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: "C0PROD" });
    expect(fake.callsTo("chat.postMessage")[0]).toMatchObject({ token: BOT, args: { channel: "C0PROD", text: "json", blocks: [{ type: "divider" }] } });
  });

  it("when the app token is used, then it may open a socket but not post, and the bot token may not open a socket", async () => {
    const app = new WebClient(APP, { slackApiUrl: fake.apiUrl, retryConfig: noRetry, logLevel: LogLevel.ERROR });
    expect((await rejectionOf<WebAPIPlatformError>(app.chat.postMessage({ channel: "C0PROD", text: "x" }))).data.error).toBe("not_allowed_token_type");
    expect((await rejectionOf<WebAPIPlatformError>(client.apps.connections.open())).data.error).toBe("not_allowed_token_type");
    expect((await rejectionOf<WebAPIPlatformError>(app.apps.connections.open())).data.error).toBe("socket_mode_not_attached");
    fake.attachSocketMode({ issueConnectionUrl: () => "ws://127.0.0.1:1/link/?ticket=t1" });
    expect((await app.apps.connections.open()).url).toBe("ws://127.0.0.1:1/link/?ticket=t1");
  });

  it("when a handler posts to a response_url, then the post is recorded with its body", async () => {
    const url = fake.responseUrl("cmd-1");
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ replace_original: true, text: "done" }) });
    expect(fake.callsTo("response_url")[0]!.args).toEqual({ id: "cmd-1", replace_original: true, text: "done" });
  });

  it("when a call is awaited before it happens, then waitForCall resolves with it, and times out otherwise", async () => {
    const waiting = fake.waitForCall("chat.postMessage", { predicate: (c) => c.args["text"] === "later" });
    await client.chat.postMessage({ channel: "C0PROD", text: "sooner" });
    await client.chat.postMessage({ channel: "C0PROD", text: "later" });
    expect((await waiting).args["text"]).toBe("later");
    await expect(fake.waitForCall("views.publish", { timeoutMs: 50 })).rejects.toThrow(/no views.publish call within 50 ms/);
  });
});
