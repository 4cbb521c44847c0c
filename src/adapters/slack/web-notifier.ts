// The Notifier port over Slack's Web API. Workers create it with a channel pacer
// (one post per channel per second across every worker process); the bot process
// creates it without one, so interactive answers never wait behind job output.
// Errors follow web-client.ts: a 429 is RateLimitedError at once, an unusable
// channel is ChannelUnavailableError, and no error carries the token.
import type { KnownBlock, WebClient } from "@slack/web-api";
import type { ChatMessage, Notifier, PostedMessage, UploadFile } from "../../ports/notifier.js";
import type { ChannelPacer } from "./channel-pacer.js";
import { createSlackWebClient, slackCall, type SlackCallListener, type SlackClientOptions } from "./web-client.js";

export interface WebNotifierOptions extends SlackClientOptions {
  /** Paces posts per channel; leave out on the interactive path. */
  pacer?: ChannelPacer;
  onCall?: SlackCallListener;
}

// The SDK types blocks as its own Block Kit unions; renderers produce plain JSON
// of the same shape, typed in src/slack/renderers/blocks.ts.
const blocksOf = (m: ChatMessage) => (m.blocks ? { blocks: m.blocks as KnownBlock[] } : {});

export function createWebNotifier(options: WebNotifierOptions, client: WebClient = createSlackWebClient(options)): Notifier {
  const { pacer, onCall } = options;
  const pace = async (channel: string) => {
    if (pacer) await pacer.acquire(channel);
  };

  return {
    async post(channel: string, message: ChatMessage, opts: { threadTs?: string } = {}): Promise<PostedMessage> {
      await pace(channel);
      const res = await slackCall(
        "chat.postMessage",
        () =>
          client.chat.postMessage({
            channel,
            text: message.text,
            ...blocksOf(message),
            ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
            // Finding messages name hosts and registries; previews of them are noise.
            unfurl_links: false,
            unfurl_media: false,
          }),
        { channel, ...(onCall ? { onCall } : {}) },
      );
      if (typeof res.ts !== "string") throw new Error("Slack chat.postMessage answered without a message ts");
      return { channel: typeof res.channel === "string" ? res.channel : channel, ts: res.ts };
    },

    async update(target: PostedMessage, message: ChatMessage): Promise<void> {
      // Updates are not paced: chat.update has its own (workspace) tier, and a card
      // update must never wait behind a long thread in its channel.
      await slackCall(
        "chat.update",
        () => client.chat.update({ channel: target.channel, ts: target.ts, text: message.text, ...blocksOf(message) }),
        { channel: target.channel, ...(onCall ? { onCall } : {}) },
      );
    },

    async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
      await slackCall("chat.postEphemeral", () => client.chat.postEphemeral({ channel, user, text: message.text, ...blocksOf(message) }), {
        channel,
        ...(onCall ? { onCall } : {}),
      });
    },

    async uploadFiles(channel: string, threadTs: string | undefined, files: UploadFile[], comment?: string): Promise<void> {
      if (files.length === 0) return;
      // Sharing the files posts one message in the channel: it counts against the pace.
      await pace(channel);
      const args = {
        channel_id: channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(comment ? { initial_comment: comment } : {}),
        file_uploads: files.map((f) => ({
          ...(typeof f.content === "string" ? { content: f.content } : { file: Buffer.from(f.content) }),
          filename: f.filename,
          title: f.title,
        })),
      };
      await slackCall("files.uploadV2", () => client.filesUploadV2(args as Parameters<WebClient["filesUploadV2"]>[0]), {
        channel,
        ...(onCall ? { onCall } : {}),
      });
    },

    async publishHome(user: string, view: { type: "home"; blocks: unknown[] }): Promise<void> {
      await slackCall(
        "views.publish",
        () => client.views.publish({ user_id: user, view: view as Parameters<WebClient["views"]["publish"]>[0]["view"] }),
        onCall ? { onCall } : {},
      );
    },
  };
}
