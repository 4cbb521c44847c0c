// What Slack sends to an HTTP receiver, byte for byte: v0 request signatures and the
// form encodings of slash commands and interactions, plus the JSON payloads the
// same requests carry inside Socket Mode envelopes.
import { createHmac, randomBytes } from "node:crypto";

export interface SlackSignatureHeaders {
  "x-slack-signature": string;
  "x-slack-request-timestamp": string;
}

/**
 * Signs a raw body as Slack does: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`
 * keyed with the signing secret. The timestamp is unix seconds, now by default;
 * pass an old one to test the 5-minute staleness check.
 */
export function signSlackRequest(body: string, signingSecret: string, timestamp: number = Math.floor(Date.now() / 1000)): SlackSignatureHeaders {
  const mac = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${mac}`, "x-slack-request-timestamp": String(timestamp) };
}

export interface SlashCommand {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

const triggerId = () => `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString("hex")}`;

/** A slash command as Slack fills it in; every field is a string, as on the wire. */
export function slashCommand(fields: Partial<SlashCommand> & { text: string }): SlashCommand {
  // Field order matters for the form body: it is Slack's own order.
  return {
    token: fields.token ?? "deprecated-verification-token",
    team_id: fields.team_id ?? "T0FAKE",
    team_domain: fields.team_domain ?? "fake-workspace",
    channel_id: fields.channel_id ?? "C0PROD",
    channel_name: fields.channel_name ?? "prod-ops",
    user_id: fields.user_id ?? "U0ALICE",
    user_name: fields.user_name ?? "alice",
    command: fields.command ?? "/harden",
    text: fields.text,
    api_app_id: fields.api_app_id ?? "A0HARDEN",
    is_enterprise_install: fields.is_enterprise_install ?? "false",
    response_url: fields.response_url ?? "https://hooks.slack.com/commands/T0FAKE/1/fake",
    trigger_id: fields.trigger_id ?? triggerId(),
  };
}

/** `application/x-www-form-urlencoded`, spaces as `+`, `/` and `:` percent-encoded, as Slack posts it. */
export function slashCommandBody(fields: Partial<SlashCommand> & { text: string }): string {
  return new URLSearchParams(Object.entries(slashCommand(fields))).toString();
}

/** Interactions are form-encoded too: one `payload` field holding the JSON. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface BlockActionOptions {
  actionId: string;
  value: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
  messageTs?: string;
  blockId?: string;
  /** The message as it was when clicked (Slack includes its blocks). */
  message?: { text?: string; blocks?: unknown[] };
  responseUrl?: string;
  buttonText?: string;
}

/** A `block_actions` payload for a button click in a channel message. */
export function blockActionsPayload(o: BlockActionOptions): Record<string, unknown> {
  const teamId = o.teamId ?? "T0FAKE";
  const channelId = o.channelId ?? "C0PROD";
  const messageTs = o.messageTs ?? "1772443800.000001";
  const actionTs = `${Math.floor(Date.now() / 1000)}.${String(Date.now() % 1_000_000).padStart(6, "0")}`;
  return {
    type: "block_actions",
    user: { id: o.userId ?? "U0BOB", username: o.userName ?? "bob", name: o.userName ?? "bob", team_id: teamId },
    api_app_id: "A0HARDEN",
    token: "deprecated-verification-token",
    container: { type: "message", message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: teamId, domain: "fake-workspace" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: "prod-ops" },
    message: { type: "message", ts: messageTs, bot_id: "B0HARDEN", text: o.message?.text ?? "", blocks: o.message?.blocks ?? [] },
    state: { values: {} },
    response_url: o.responseUrl ?? "https://hooks.slack.com/actions/T0FAKE/1/fake",
    actions: [
      {
        type: "button",
        action_id: o.actionId,
        block_id: o.blockId ?? "actions",
        value: o.value,
        text: { type: "plain_text", text: o.buttonText ?? o.actionId, emoji: true },
        action_ts: actionTs,
      },
    ],
  };
}

/** An Events API `event_callback` (the HTTP body, and the Socket Mode `events_api` payload). */
export function eventCallback(event: Record<string, unknown>, opts: { eventId?: string; teamId?: string } = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    token: "deprecated-verification-token",
    team_id: opts.teamId ?? "T0FAKE",
    api_app_id: "A0HARDEN",
    event: { event_ts: `${now}.000100`, ...event },
    type: "event_callback",
    event_id: opts.eventId ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: now,
    authorizations: [{ enterprise_id: null, team_id: opts.teamId ?? "T0FAKE", user_id: "U0HARDEN", is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}
