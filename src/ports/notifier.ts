// What jobs and use cases need from the chat platform. The Slack adapter implements
// it over the Web API; messages are the renderer output ({ text, blocks }), never
// built here. Errors follow the vocabulary in src/core/errors.ts, plus the two below.
import { NotFoundError } from "../core/errors.js";

export interface ChatMessage {
  /** Notification fallback and accessibility text. */
  text: string;
  blocks?: unknown[];
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface UploadFile {
  filename: string;
  title: string;
  /** Text (Markdown, JSON) or bytes (a PNG chart). */
  content: string | Uint8Array;
}

/** The platform asked us to slow down; the job runner puts the job back for this long. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
  ) {
    super(message);
  }
}

/**
 * The bot cannot post there (not invited, archived, unknown): permanent for that
 * channel, so it is a NotFoundError and the job runner fails the job at once.
 */
export class ChannelUnavailableError extends NotFoundError {
  override name = "ChannelUnavailableError";
  constructor(
    readonly channel: string,
    readonly reason: string,
  ) {
    super(`cannot post in ${channel}: ${reason}${reason === "not_in_channel" || reason === "channel_not_found" ? " (invite the bot with /invite @harden)" : ""}`);
  }
}

export interface Notifier {
  post(channel: string, message: ChatMessage, options?: { threadTs?: string }): Promise<PostedMessage>;
  update(target: PostedMessage, message: ChatMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void>;
  uploadFiles(channel: string, threadTs: string | undefined, files: UploadFile[], comment?: string): Promise<void>;
  publishHome(user: string, view: { type: "home"; blocks: unknown[] }): Promise<void>;
}

/** Members of a Slack user group (usergroups.users.list); the caller caches. */
export interface GroupDirectory {
  membersOf(groupId: string): Promise<string[]>;
}
