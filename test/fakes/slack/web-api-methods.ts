// The fake Web API's methods: Slack's response shapes and error codes for the calls
// harden makes, over a little state so later calls see what earlier ones did.
export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: unknown[];
  /** How many times chat.update rewrote it. */
  updates: number;
}

export interface StoredUpload {
  id: string;
  filename: string;
  length: number;
  content?: Buffer;
  title?: string;
  /** Set by files.completeUploadExternal. */
  sharedTo?: { channel?: string; threadTs?: string; initialComment?: string };
}

export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isMember: boolean;
  isArchived: boolean;
}

export interface FakeState {
  messages: StoredMessage[];
  ephemerals: { channel: string; user: string; text: string; blocks: unknown[] }[];
  uploads: Map<string, StoredUpload>;
  homeViews: Map<string, { id: string; hash: string; view: Record<string, unknown> }>;
  userGroups: Map<string, string[]>;
  channels: Map<string, FakeChannel>;
  message(channel: string, ts: string): StoredMessage | undefined;
}

type Args = Record<string, unknown>;
type Handler = (args: Args, ctx: { token: string | undefined }) => Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);
const err = (error: string) => ({ ok: false, error });

/** Fixed epoch so every run produces the same ts sequence: 1772443800.000001, .000002 … */
const TS_EPOCH = 1_772_443_800;

export function createMethods(deps: {
  identity: { teamId: string; botUserId: string; botId: string; appId: string };
  baseUrl: () => string;
  socketUrl: () => string | undefined;
}): { state: FakeState; methods: Record<string, Handler> } {
  const { identity } = deps;
  let seq = 0;
  const nextTs = () => {
    seq++;
    return `${TS_EPOCH + Math.floor(seq / 1_000_000)}.${String(seq % 1_000_000).padStart(6, "0")}`;
  };
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}0FAKE${String(++ids).padStart(4, "0")}`;

  const state: FakeState = {
    messages: [],
    ephemerals: [],
    uploads: new Map(),
    homeViews: new Map(),
    userGroups: new Map(),
    channels: new Map(),
    message: (channel, ts) => state.messages.find((m) => m.channel === channel && m.ts === ts),
  };

  /** Channels nobody registered are treated as public ones the bot was invited to. */
  const channelProblem = (channel: string): string | undefined => {
    const c = state.channels.get(channel);
    if (!c) return undefined;
    if (c.isArchived) return "is_archived";
    if (!c.isMember) return c.isPrivate ? "channel_not_found" : "not_in_channel";
    return undefined;
  };

  const messageView = (m: StoredMessage) => ({
    type: "message",
    user: identity.botUserId,
    bot_id: identity.botId,
    app_id: identity.appId,
    text: m.text,
    blocks: m.blocks,
    ts: m.ts,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.updates > 0 ? { edited: { user: identity.botUserId, ts: m.ts } } : {}),
  });

  const methods: Record<string, Handler> = {
    "auth.test": (_args, { token }) => ({
      ok: true,
      url: "https://fake-workspace.slack.test/",
      team: "Fake Workspace",
      team_id: identity.teamId,
      user: "harden",
      user_id: identity.botUserId,
      ...(token?.startsWith("xoxb-") ? { bot_id: identity.botId } : { app_id: identity.appId }),
      is_enterprise_install: false,
    }),

    "chat.postMessage": (args) => {
      const channel = str(args["channel"]);
      if (!channel) return err("channel_not_found");
      const problem = channelProblem(channel);
      if (problem) return err(problem);
      const blocks = Array.isArray(args["blocks"]) ? args["blocks"] : [];
      const text = str(args["text"]) ?? "";
      if (!text && blocks.length === 0 && !args["attachments"]) return err("no_text");
      // Slack does not reject an unknown thread_ts, so neither does the fake.
      const threadTs = str(args["thread_ts"]);
      const m: StoredMessage = { channel, ts: nextTs(), text, blocks, updates: 0, ...(threadTs ? { threadTs } : {}) };
      state.messages.push(m);
      return { ok: true, channel, ts: m.ts, message: messageView(m) };
    },

    "chat.update": (args) => {
      const channel = str(args["channel"]);
      const ts = str(args["ts"]);
      if (!channel || !ts) return err("invalid_arguments");
      const m = state.message(channel, ts);
      if (!m) return err("message_not_found");
      if (args["text"] !== undefined) m.text = str(args["text"]) ?? "";
      if (args["blocks"] !== undefined) m.blocks = Array.isArray(args["blocks"]) ? args["blocks"] : [];
      m.updates++;
      return { ok: true, channel, ts, text: m.text, message: messageView(m) };
    },

    "chat.postEphemeral": (args) => {
      const channel = str(args["channel"]);
      const user = str(args["user"]);
      if (!channel) return err("channel_not_found");
      if (!user) return err("user_not_found");
      const problem = channelProblem(channel);
      if (problem) return err(problem);
      const blocks = Array.isArray(args["blocks"]) ? args["blocks"] : [];
      const text = str(args["text"]) ?? "";
      if (!text && blocks.length === 0) return err("no_text");
      state.ephemerals.push({ channel, user, text, blocks });
      return { ok: true, message_ts: nextTs() };
    },

    "chat.getPermalink": (args) => {
      const channel = str(args["channel"]);
      const ts = str(args["message_ts"]);
      if (!channel || !ts) return err("invalid_arguments");
      if (!state.message(channel, ts)) return err("message_not_found");
      return { ok: true, channel, permalink: `https://fake-workspace.slack.test/archives/${channel}/p${ts.replace(".", "")}` };
    },

    "views.publish": (args) => {
      const user = str(args["user_id"]);
      const view = args["view"];
      if (!user) return err("invalid_arguments");
      if (!view || typeof view !== "object" || (view as Args)["type"] !== "home") return err("invalid_arguments");
      const current = state.homeViews.get(user);
      const hash = str(args["hash"]);
      if (hash && current && hash !== current.hash) return err("hash_conflict");
      const published = { id: current?.id ?? nextId("V"), hash: nextTs().replace(".", ""), view: view as Args };
      state.homeViews.set(user, published);
      return { ok: true, view: { ...published.view, id: published.id, team_id: identity.teamId, app_id: identity.appId, hash: published.hash } };
    },

    "usergroups.users.list": (args) => {
      const group = str(args["usergroup"]);
      const users = group ? state.userGroups.get(group) : undefined;
      return users ? { ok: true, users: [...users] } : err("no_such_subteam");
    },

    "conversations.info": (args) => {
      const c = state.channels.get(str(args["channel"]) ?? "");
      if (!c || (c.isPrivate && !c.isMember)) return err("channel_not_found");
      return {
        ok: true,
        channel: { id: c.id, name: c.name, is_channel: !c.isPrivate, is_group: c.isPrivate, is_private: c.isPrivate, is_member: c.isMember, is_archived: c.isArchived },
      };
    },

    "files.getUploadURLExternal": (args) => {
      const filename = str(args["filename"]);
      const length = Number(args["length"]);
      if (!filename || !Number.isInteger(length) || length <= 0) return err("invalid_arguments");
      const id = nextId("F");
      state.uploads.set(id, { id, filename, length });
      return { ok: true, upload_url: `${deps.baseUrl()}/upload/v1/${id}`, file_id: id };
    },

    "files.completeUploadExternal": (args) => {
      const files = args["files"];
      if (!Array.isArray(files) || files.length === 0) return err("invalid_arguments");
      const channel = str(args["channel_id"]);
      if (channel) {
        const problem = channelProblem(channel);
        if (problem) return err(problem);
      }
      const done: Args[] = [];
      for (const f of files as Args[]) {
        const upload = state.uploads.get(str(f["id"]) ?? "");
        if (!upload || upload.content === undefined) return err("file_not_found");
        upload.title = str(f["title"]) ?? upload.filename;
        const threadTs = str(args["thread_ts"]);
        const initialComment = str(args["initial_comment"]);
        upload.sharedTo = { ...(channel ? { channel } : {}), ...(threadTs ? { threadTs } : {}), ...(initialComment ? { initialComment } : {}) };
        done.push({ id: upload.id, name: upload.filename, title: upload.title, size: upload.content.length, channels: channel ? [channel] : [] });
      }
      return { ok: true, files: done };
    },

    "apps.connections.open": () => {
      const url = deps.socketUrl();
      return url ? { ok: true, url } : err("socket_mode_not_attached");
    },
  };
  return { state, methods };
}
