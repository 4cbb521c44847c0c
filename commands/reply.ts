// Short ephemeral answers shared by the verbs, and the one way they put a job on
// the queue. The long messages come from src/slack/renderers.
import type { HardenConfig } from "../src/core/config/schema.js";
import type { ChatMessage } from "../src/ports/notifier.js";
import { section } from "../src/slack/renderers/blocks.js";
import { channelLink } from "../src/slack/renderers/format.js";
import { renderJobQueued, type JobKind, type QueuedInput } from "../src/slack/renderers/job.js";
import { escapeMrkdwn, finishMessage } from "../src/slack/renderers/limits.js";
import type { CommandContext, CommandDeps, CommandOutcome, TrailNote } from "./define.js";

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

/** What the queued card names: the environment (and target) unless the verb says otherwise. */
export interface CardName {
  environment: string;
  target?: string;
}

export interface JobRequest {
  kind: JobKind;
  /** Absent for work outside any environment (an image scan). */
  environment?: string;
  /** What inside the environment, for the trail and the card: "ns=web", a pack, a Secret. */
  target?: string;
  /** The job's own fields; the result channel and the requester are added here. */
  payload: Record<string, unknown>;
  /** Said when this version has no such job: "Audits from Slack". */
  feature: string;
  /** Said when an identical job is already queued: "The same audit of prod". */
  sameJob: string;
  /** Needed when there is no environment to name. */
  card?: CardName;
}

/**
 * Queues the job when the queue knows its kind, and answers: queued (where the
 * result will appear), already queued, or not in this version. UnavailableError
 * (Redis away, time-boxed by the adapter) goes up to the dispatcher, which answers "try again".
 */
export async function queueJob(deps: CommandDeps, ctx: CommandContext, job: JobRequest): Promise<CommandOutcome> {
  if (!deps.jobKinds.has(job.kind)) return notAvailable(job.feature, job.environment);
  const channel = resultChannel(deps.config, job.environment, ctx.channelId);
  const requester = { requestedBy: ctx.userId };
  const { jobId, coalesced } = await deps.queue.enqueue(job.kind, { ...job.payload, channel, requestedBy: ctx.userId }, requester);
  const trail: TrailNote = { outcome: "queued", details: { jobId, coalesced, channel } };
  if (job.environment) trail.environment = job.environment;
  if (job.target) trail.target = job.target;
  if (coalesced) return { reply: coalescedReply(job.sameJob, jobId, channel, ctx.channelId), trail };
  const queued: QueuedInput = { kind: job.kind, environment: job.card?.environment ?? job.environment! };
  const target = job.card ? job.card.target : job.target;
  if (target) queued.target = target;
  if (channel !== ctx.channelId) queued.channel = channel;
  return { reply: renderJobQueued(queued), trail };
}

function coalescedReply(what: string, jobId: string, channel: string, channelId: string): ChatMessage {
  const line = `${escapeMrkdwn(what)} is already queued (job ${escapeMrkdwn(jobId)}); nothing new was queued. Its result will appear ${whereText(channel, channelId)}.`;
  return finishMessage(`${escapeMrkdwn(what)} is already queued`, [section(`:hourglass_flowing_sand: ${line}`)]);
}
