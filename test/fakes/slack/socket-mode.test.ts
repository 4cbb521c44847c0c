import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { renderAppHome } from "../../../src/slack/renderers/app-home.js";
import { blockActionsPayload, eventCallback, slashCommand } from "./signing.js";
import { startFakeSocketMode, type FakeSocketMode } from "./socket-mode.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "./web-api.js";

const BOT = "xoxb-fake-bot-token";
const APP = "xapp-fake-app-token";

let api: FakeSlackWebApi;
let socket: FakeSocketMode;

beforeEach(async () => {
  api = await startFakeSlackWebApi({ botToken: BOT, appToken: APP });
  socket = await startFakeSocketMode();
  api.attachSocketMode(socket);
});
afterEach(async () => {
  await socket.close();
  await api.close();
});

/** A raw client, for what Bolt would hide: the hello frame, tickets, unanswered envelopes. */
function rawClient(url: string): Promise<{ ws: WebSocket; messages: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: Record<string, unknown>[] = [];
    ws.on("message", (d) => {
      messages.push(JSON.parse(String(d)) as Record<string, unknown>);
      if (messages.length === 1) resolve({ ws, messages });
    });
    ws.on("error", reject);
  });
}

describe("fake Socket Mode server, raw protocol", () => {
  it("when a client connects with an issued URL, then it is greeted with hello", async () => {
    const { ws, messages } = await rawClient(socket.issueConnectionUrl());
    expect(messages[0]).toMatchObject({ type: "hello", num_connections: 1, connection_info: { app_id: "A0HARDEN" } });
    expect(socket.connectionsOpened).toBe(1);
    ws.close();
  });

  it("when a URL is reused or was never issued, then the upgrade is refused", async () => {
    const url = socket.issueConnectionUrl();
    const { ws } = await rawClient(url);
    await expect(rawClient(url)).rejects.toThrow(/401/);
    await expect(rawClient(url.replace(/ticket=[^&]+/, "ticket=forged"))).rejects.toThrow(/401/);
    ws.close();
  });

  it("when the app acks an envelope, then sendEnvelope resolves with the ack and its payload", async () => {
    const { ws } = await rawClient(socket.issueConnectionUrl());
    ws.on("message", (d) => {
      const m = JSON.parse(String(d)) as { envelope_id?: string; accepts_response_payload?: boolean };
      if (m.envelope_id) ws.send(JSON.stringify({ envelope_id: m.envelope_id, payload: { text: `accepts=${m.accepts_response_payload}` } }));
    });
    const ack = await socket.sendEnvelope({ type: "slash_commands", payload: { ...slashCommand({ text: "help" }) } });
    expect(ack.payload).toEqual({ text: "accepts=true" });
    ws.close();
  });

  it("when the app never acks, then sendEnvelope rejects on timeout", async () => {
    const { ws } = await rawClient(socket.issueConnectionUrl());
    await expect(socket.sendEnvelope({ type: "interactive", payload: {} }, { timeoutMs: 50 })).rejects.toThrow(/no ack for interactive envelope/);
    ws.close();
  });

  it("when no app is connected, then sendEnvelope fails at once", async () => {
    await expect(socket.sendEnvelope({ type: "events_api", payload: {} })).rejects.toThrow(/no app is connected/);
  });
});

describe("fake Socket Mode server with Bolt's SocketModeReceiver", () => {
  async function startBolt() {
    const receiver = new SocketModeReceiver({
      appToken: APP,
      logLevel: LogLevel.ERROR,
      // Reconnects wait clientPingTimeout x failures; keep it short for the test.
      clientPingTimeout: 300,
      installerOptions: { clientOptions: { slackApiUrl: api.apiUrl } },
    });
    const app = new App({ token: BOT, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: api.apiUrl } });
    const seen: string[] = [];
    app.command("/harden", async ({ ack, command, client }) => {
      seen.push(`command:${command.text}`);
      await ack({ response_type: "ephemeral", text: `Queued: ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: "running" });
    });
    app.action("approval_approve", async ({ ack, body }) => {
      await ack();
      seen.push(`approve:${body.type === "block_actions" ? (body.actions[0] as { value?: string }).value : "?"}`);
    });
    app.event("app_home_opened", async ({ event, client }) => {
      seen.push(`home:${event.user}`);
      await client.views.publish({ user_id: event.user, view: renderAppHome({ environments: [] }) });
    });
    await app.start();
    return { app, seen };
  }

  it("when Bolt starts, then it opens the socket through apps.connections.open with the app token", async () => {
    const { app } = await startBolt();
    await socket.waitForConnection();
    expect(api.callsTo("apps.connections.open")[0]!.token).toBe(APP);
    await app.stop();
  });

  it("when a slash command arrives, then Bolt acks with the reply and its handler reaches the fake Web API", async () => {
    const { app, seen } = await startBolt();
    await socket.waitForConnection();
    const ack = await socket.sendEnvelope({ type: "slash_commands", payload: { ...slashCommand({ text: "audit prod" }) } });
    expect(ack.payload).toMatchObject({ response_type: "ephemeral", text: "Queued: audit prod" });
    await api.waitForCall("chat.postMessage");
    expect(seen).toEqual(["command:audit prod"]);
    await app.stop();
  });

  it("when a button click and a Home event arrive, then both are acked and handled", async () => {
    const { app, seen } = await startBolt();
    await socket.waitForConnection();
    await socket.sendEnvelope({ type: "interactive", payload: blockActionsPayload({ actionId: "approval_approve", value: "apr_1" }) });
    await socket.sendEnvelope({ type: "events_api", payload: eventCallback({ type: "app_home_opened", user: "U0ALICE", tab: "home", channel: "D0ALICE" }) });
    const publish = await api.waitForCall("views.publish");
    expect(publish.args["user_id"]).toBe("U0ALICE");
    expect(seen).toEqual(["approve:apr_1", "home:U0ALICE"]);
    await app.stop();
  });

  it("when the server asks the client to disconnect, then Bolt reconnects with a new URL and keeps acking", async () => {
    const { app, seen } = await startBolt();
    await socket.waitForConnection();
    socket.disconnect("refresh_requested");
    await socket.waitForConnection({ count: 2 });
    expect(api.callsTo("apps.connections.open")).toHaveLength(2);
    const ack = await socket.sendEnvelope({ type: "slash_commands", payload: { ...slashCommand({ text: "help" }) } });
    expect(ack.payload).toMatchObject({ text: "Queued: help" });
    expect(seen).toContain("command:help");
    await app.stop();
  });
});
