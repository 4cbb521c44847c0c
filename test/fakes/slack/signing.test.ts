import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel, isValidSlackRequest } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blockActionsPayload, interactionBody, signSlackRequest, slashCommandBody } from "./signing.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "./web-api.js";

const SECRET = "test-signing-secret";

describe("signSlackRequest", () => {
  it("when given Slack's documented example, then it produces Slack's documented signature", () => {
    // From Slack's "Verifying requests from Slack" guide.
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signSlackRequest(body, "8f742231b10e8888abcd99yyyzzz85a5", 1531420618)).toEqual({
      "x-slack-signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "x-slack-request-timestamp": "1531420618",
    });
  });

  it("when Bolt's own verifier checks a signed body, then it accepts it, and rejects a wrong secret or an old timestamp", () => {
    const body = slashCommandBody({ text: "audit prod" });
    const ok = signSlackRequest(body, SECRET);
    const check = (headers: ReturnType<typeof signSlackRequest>, secret = SECRET) =>
      isValidSlackRequest({ signingSecret: secret, body, headers: { ...headers, "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]) } });
    expect(check(ok)).toBe(true);
    expect(check(ok, "another-secret")).toBe(false);
    expect(check(signSlackRequest(body, SECRET, Math.floor(Date.now() / 1000) - 6 * 60))).toBe(false);
  });
});

describe("request builders", () => {
  it("when a slash command is encoded, then it has Slack's fields in Slack's order with + for spaces", () => {
    const body = slashCommandBody({ text: "audit prod ns=payments", trigger_id: "1.2.3", response_url: "https://hooks.slack.com/commands/T/1/x" });
    expect(body).toBe(
      "token=deprecated-verification-token&team_id=T0FAKE&team_domain=fake-workspace&channel_id=C0PROD&channel_name=prod-ops" +
        "&user_id=U0ALICE&user_name=alice&command=%2Fharden&text=audit+prod+ns%3Dpayments&api_app_id=A0HARDEN" +
        "&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT%2F1%2Fx&trigger_id=1.2.3",
    );
  });

  it("when an interaction is encoded, then it is one payload field holding the JSON", () => {
    const payload = blockActionsPayload({ actionId: "approval_approve", value: "apr_1" });
    const body = interactionBody(payload);
    expect(body.startsWith("payload=%7B%22type%22%3A%22block_actions%22")).toBe(true);
    expect(JSON.parse(new URLSearchParams(body).get("payload")!)).toEqual(payload);
  });
});

describe("signed requests against Bolt's HTTPReceiver", () => {
  let api: FakeSlackWebApi;
  let app: App;
  let base: string;
  const seen: unknown[] = [];

  beforeEach(async () => {
    seen.length = 0;
    api = await startFakeSlackWebApi();
    const receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
    app = new App({ token: "xoxb-fake-bot-token", receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: api.apiUrl } });
    app.command("/harden", async ({ ack, command }) => {
      seen.push({ text: command.text, user: command.user_id, channel: command.channel_id });
      await ack({ response_type: "ephemeral", text: "Queued" });
    });
    app.action("remediate", async ({ ack, body }) => {
      await ack();
      seen.push(body.type === "block_actions" ? (body.actions[0] as { value?: string }).value : undefined);
    });
    const server = (await app.start(0)) as Server;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    await app.stop();
    await api.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(base, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });

  it("when a signed slash command is posted, then Bolt parses every field and returns the ack", async () => {
    const body = slashCommandBody({ text: "audit prod ns=payments" });
    const res = await post(body, { ...signSlackRequest(body, SECRET) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_type: "ephemeral", text: "Queued" });
    expect(seen).toEqual([{ text: "audit prod ns=payments", user: "U0ALICE", channel: "C0PROD" }]);
  });

  it("when a signed button click is posted, then the action handler gets the button's value", async () => {
    const body = interactionBody(blockActionsPayload({ actionId: "remediate", value: "42:0b0da92e9ae9a8e4" }));
    const res = await post(body, { ...signSlackRequest(body, SECRET) });
    expect(res.status).toBe(200);
    expect(seen).toEqual(["42:0b0da92e9ae9a8e4"]);
  });

  it("when the signature is wrong or the timestamp stale, then Bolt answers 401 and no handler runs", async () => {
    const body = slashCommandBody({ text: "audit prod" });
    expect((await post(body, { ...signSlackRequest(body, "wrong-secret") })).status).toBe(401);
    expect((await post(body, { ...signSlackRequest(body, SECRET, Math.floor(Date.now() / 1000) - 301) })).status).toBe(401);
    expect((await post(`${body}&text=tampered`, { ...signSlackRequest(body, SECRET) })).status).toBe(401);
    expect(seen).toEqual([]);
  });
});
