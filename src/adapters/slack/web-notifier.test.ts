import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rejectionOf } from "../../../test/support/rejection.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "../../../test/fakes/slack/web-api.js";
import { InputError, NotAllowedError, NotFoundError, UnavailableError } from "../../core/errors.js";
import { ChannelUnavailableError, RateLimitedError } from "../../ports/notifier.js";
import type { ChannelPacer } from "./channel-pacer.js";
import { createSlackGroupDirectory } from "./group-directory.js";
import type { SlackCallEvent } from "./web-client.js";
import { createWebNotifier } from "./web-notifier.js";

const TOKEN = "xoxb-fake-bot-token";
let api: FakeSlackWebApi;

beforeAll(async () => {
  api = await startFakeSlackWebApi({ botToken: TOKEN });
});
afterAll(() => api.close());
beforeEach(() => api.resetCalls());

const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*hello*" } }];

function notifier(extra: { pacer?: ChannelPacer; token?: string; events?: SlackCallEvent[]; url?: string } = {}) {
  return createWebNotifier({
    token: extra.token ?? TOKEN,
    slackApiUrl: extra.url ?? api.apiUrl,
    timeoutMs: 2_000,
    ...(extra.pacer ? { pacer: extra.pacer } : {}),
    ...(extra.events ? { onCall: (e: SlackCallEvent) => extra.events!.push(e) } : {}),
  });
}

describe("Slack Web API notifier", () => {
  it("when a message is posted and then updated, then Slack gets the blocks with the bot token and the message is rewritten in place", async () => {
    const n = notifier();
    const posted = await n.post("C0AUDIT01", { text: "running", blocks });
    expect(posted).toEqual({ channel: "C0AUDIT01", ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    await n.update(posted, { text: "done", blocks: [{ type: "section", text: { type: "mrkdwn", text: "done" } }] });

    const [post] = api.callsTo("chat.postMessage");
    expect(post!.token).toBe(TOKEN);
    expect(post!.args).toMatchObject({ channel: "C0AUDIT01", text: "running", blocks, unfurl_links: "false" }); // form-encoded
    const stored = api.state.message("C0AUDIT01", posted.ts)!;
    expect(stored.text).toBe("done");
    expect(stored.updates).toBe(1);
  });

  it("when a reply names a thread, then it is posted in that thread", async () => {
    const n = notifier();
    const parent = await n.post("C0AUDIT01", { text: "card" });
    const reply = await n.post("C0AUDIT01", { text: "details" }, { threadTs: parent.ts });
    expect(api.state.message("C0AUDIT01", reply.ts)!.threadTs).toBe(parent.ts);
  });

  it("when Slack answers 429 with Retry-After, then the call fails at once with RateLimitedError carrying the delay and is not retried by the client", async () => {
    const events: SlackCallEvent[] = [];
    const n = notifier({ events });
    const posted = await n.post("C0AUDIT01", { text: "running" });
    api.rateLimit("chat.update", { retryAfterSec: 7 });
    const err = await rejectionOf(n.update(posted, { text: "done" }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7_000);
    expect(api.callsTo("chat.update")).toHaveLength(1);
    // The client is not paused: the next call goes straight through.
    await n.update(posted, { text: "done" });
    expect(api.state.message("C0AUDIT01", posted.ts)!.text).toBe("done");
    expect(events.map((e) => e.outcome)).toEqual(["ok", "rate_limited", "ok"]);
  });

  it.each([
    ["channel_not_found", { id: "G0PRIVATE1", name: "secret-ops", isPrivate: true, isMember: false }],
    ["not_in_channel", { id: "C0NOTMEMB1", name: "ops", isMember: false }],
    ["is_archived", { id: "C0ARCHIVE1", name: "old", isArchived: true }],
  ] as const)("when the channel answers %s, then ChannelUnavailableError names the channel and the reason", async (reason, channel) => {
    api.addChannel(channel);
    const err = await rejectionOf(notifier().post(channel.id, { text: "hello" }));
    expect(err).toBeInstanceOf(ChannelUnavailableError);
    expect(err).toMatchObject({ channel: channel.id, reason });
    expect(err.message).toContain(`cannot post in ${channel.id}: ${reason}`);
  });

  it("when the token is refused, then NotAllowedError says so without the token anywhere in the error", async () => {
    const wrong = "xoxb-this-is-a-secret-token-value";
    const err = await rejectionOf(notifier({ token: wrong }).post("C0AUDIT01", { text: "hello" }));
    expect(err).toBeInstanceOf(NotAllowedError);
    expect(err.message).toBe("Slack refused chat.postMessage: invalid_auth; check SLACK_BOT_TOKEN");
    const everything = JSON.stringify({ message: err.message, stack: err.stack, own: { ...err }, cause: (err as { cause?: unknown }).cause });
    expect(everything).not.toContain(wrong);
  });

  it("when Slack rejects the blocks or the message is gone, then the error is permanent (InputError, NotFoundError)", async () => {
    const n = notifier();
    api.failWith("chat.postMessage", "invalid_blocks");
    expect(await rejectionOf(n.post("C0AUDIT01", { text: "x" }))).toBeInstanceOf(InputError);
    expect(await rejectionOf(n.update({ channel: "C0AUDIT01", ts: "1.000000" }, { text: "x" }))).toBeInstanceOf(NotFoundError);
  });

  it("when Slack cannot be reached, then UnavailableError names the method, not the URL or the token", async () => {
    const down = await startFakeSlackWebApi();
    const url = down.apiUrl;
    await down.close();
    const err = await rejectionOf(notifier({ url }).post("C0AUDIT01", { text: "x" }));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.message).toMatch(/^Slack could not be reached for chat\.postMessage/);
    expect(err.message).not.toContain(TOKEN);
  });

  it("when files are uploaded to a thread, then both bodies reach Slack and are shared in that thread with the comment", async () => {
    const n = notifier();
    const parent = await n.post("C0AUDIT01", { text: "card" });
    await n.uploadFiles(
      "C0AUDIT01",
      parent.ts,
      [
        { filename: "report.md", title: "Report (Markdown)", content: "# report\n" },
        { filename: "report.json", title: "Report (JSON)", content: '{"ok":true}\n' },
      ],
      "The full report",
    );
    const uploads = [...api.state.uploads.values()].filter((u) => u.sharedTo?.threadTs === parent.ts);
    expect(uploads.map((u) => [u.filename, u.content?.toString("utf8"), u.title]).sort()).toEqual([
      ["report.json", '{"ok":true}\n', "Report (JSON)"],
      ["report.md", "# report\n", "Report (Markdown)"],
    ]);
    expect(uploads[0]!.sharedTo).toEqual({ channel: "C0AUDIT01", threadTs: parent.ts, initialComment: "The full report" });
  });

  it("when a Home view is published, then views.publish gets it for that user", async () => {
    await notifier().publishHome("U0ALICE01", { type: "home", blocks });
    expect(api.state.homeViews.get("U0ALICE01")!.view).toMatchObject({ type: "home", blocks });
  });

  it("when a pacer is given, then posts and file shares wait for the channel's slot, and updates and ephemerals do not", async () => {
    const asked: string[] = [];
    const n = notifier({ pacer: { acquire: async (channel) => void asked.push(channel) } });
    const posted = await n.post("C0AUDIT01", { text: "a" });
    await n.post("C0OTHER01", { text: "b" }, { threadTs: posted.ts });
    await n.update(posted, { text: "c" });
    await n.postEphemeral("C0AUDIT01", "U0ALICE01", { text: "d" });
    await n.uploadFiles("C0AUDIT01", posted.ts, [{ filename: "r.md", title: "r", content: "r" }]);
    expect(asked).toEqual(["C0AUDIT01", "C0OTHER01", "C0AUDIT01"]);
  });

  it("when the pacer says the channel is too busy, then nothing is posted and the RateLimitedError reaches the caller", async () => {
    const n = notifier({
      pacer: {
        acquire: async () => {
          throw new RateLimitedError(1500);
        },
      },
    });
    const err = await rejectionOf(n.post("C0AUDIT01", { text: "a" }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(api.callsTo("chat.postMessage")).toHaveLength(0);
  });
});

describe("Slack group directory", () => {
  it("when a group has members, then their user ids come back", async () => {
    api.setUserGroup("S0APPROVE", ["U0ALICE01", "U0BOB0001"]);
    const dir = createSlackGroupDirectory({ token: TOKEN, slackApiUrl: api.apiUrl });
    expect(await dir.membersOf("S0APPROVE")).toEqual(["U0ALICE01", "U0BOB0001"]);
    expect(api.callsTo("usergroups.users.list")[0]!.args).toMatchObject({ usergroup: "S0APPROVE" });
  });

  it("when the group does not exist, then NotFoundError", async () => {
    const dir = createSlackGroupDirectory({ token: TOKEN, slackApiUrl: api.apiUrl });
    await expect(dir.membersOf("S0NOSUCH1")).rejects.toBeInstanceOf(NotFoundError);
  });
});
