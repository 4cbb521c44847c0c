// Short ephemeral answers shared by the verbs, and the one way they put a job on
// the queue. The long messages come from src/slack/renderers.
import type { HardenConfig } from "../src/core/config/schema.js";
import type { EnqueueResult } from "../src/ports/job-queue.js";
import type { ChatMessage } from "../src/ports/notifier.js";
import { section } from "../src/slack/renderers/blocks.js";
import { channelLink } from "../src/slack/renderers/format.js";
import { escapeMrkdwn, finishMessage } from "../src/slack/renderers/limits.js";
import type { CommandDeps, CommandOutcome } from "./define.js";

export const QUEUE_UNAVAILABLE = "The job queue is unavailable right now; nothing was queued. Try again in a minute.";

/** One line of plain text (escaped here), with an emoji in front in the blocks. */
export function notice(emoji: string, text: string): ChatMessage {
  return finishMessage(escapeMrkdwn(text), [section(`${emoji} ${escapeMrkdwn(text)}`)]);
}

/** Honest about features whose job is not in this version: nothing was queued. */
export function notAvailable(what: string, environment?: string): CommandOutcome {
  return {
    reply: notice(":construction:", `${what} are not available in this version yet; nothing was queued.`),
    trail: { outcome: "failed", ...(environment ? { environment } : {}), details: { reason: "not available in this version" } },
  };
}

/** Results go to the environment's channel when it has one, else where the command was typed. */
export function resultChannel(config: HardenConfig, environment: string | undefined, channelId: string): string {
  return (environment !== undefined ? config.environments[environment]?.channel : undefined) ?? channelId;
}

/** Where the result will appear, said the same way in the queued and the coalesced answers. */
export const whereText = (channel: string, channelId: string): string =>
  channel === channelId ? "here" : `in ${channelLink(channel)}`;

export type Enqueued = { available: false } | { available: true; result: EnqueueResult };

/**
 * Enqueues when the queue knows the kind. UnavailableError (Redis away, time-boxed
 * by the adapter) goes up to the dispatcher, which answers "try again".
 */
export async function enqueueJob(deps: CommandDeps, kind: string, payload: Record<string, unknown>, requestedBy: string): Promise<Enqueued> {
  if (!deps.jobKinds.has(kind)) return { available: false };
  return { available: true, result: await deps.queue.enqueue(kind, payload, { requestedBy }) };
}

export function coalescedReply(what: string, jobId: string, channel: string, channelId: string): ChatMessage {
  const line = `${escapeMrkdwn(what)} is already queued (job ${escapeMrkdwn(jobId)}); nothing new was queued. Its result will appear ${whereText(channel, channelId)}.`;
  return finishMessage(`${escapeMrkdwn(what)} is already queued`, [section(`:hourglass_flowing_sand: ${line}`)]);
}
