// The digest of one environment, posted in its channel: score and trend, new and
// fixed findings since the last digest, top risks, pending approvals, waivers
// about to lapse, with a chart of the trend in its thread; one line when nothing
// changed. After posting, a marker in the
// audit trail says which run it covered, so the next digest starts from there.
//
// Posted once per firing, whatever the plumbing does: a schedule's run claims
// (environment, schedule) for a window in Redis before building anything, so a
// scheduler that fires twice or two replicas that both enqueue produce one post;
// requests typed in Slack coalesce for a minute instead. Retries of the job that
// holds the claim keep it, and ctx.state keeps a posted digest from going out twice.
import { z } from "zod";
import { buildDigest, isQuiet, markDigestSent } from "../src/app/digest.js";
import { configWaivers } from "../src/core/config/schema.js";
import { InputError, NotFoundError } from "../src/core/errors.js";
import type { PostedMessage } from "../src/ports/notifier.js";
import { renderDigest } from "../src/slack/renderers/digest.js";
import { renderScoreChart } from "../src/slack/renderers/score-chart.js";
import { defineJob, type JobContext } from "./define.js";
import type { WorkerDeps } from "./deps.js";
import { actorOf, errorText, isRateLimited, stopIfAborted, trailOf, wasStopped, willRetry } from "./job-support.js";

export const digestPayload = z.object({
  environment: z.string().min(1),
  /** The environment's channel when absent. */
  channel: z.string().min(1).optional(),
  /** Set on scheduled digests: the schedule's stable id. */
  scheduleId: z.string().min(1).optional(),
  requestedBy: z.string().min(1).optional(),
});
export type DigestPayload = z.infer<typeof digestPayload>;

const digestState = z.object({
  channel: z.string().optional(),
  messageTs: z.string().optional(),
  coveredRunId: z.number().nullable().optional(),
  marked: z.boolean().optional(),
});

const ATTEMPTS = 3;
/**
 * Two runs of one schedule closer together than this are one firing seen twice.
 * Digests are daily or weekly; a schedule that fires more often than this loses the extra posts.
 */
export const DIGEST_FIRING_WINDOW_MS = 10 * 60_000;

export const digestJob = defineJob({
  kind: "digest",
  payload: digestPayload,
  attempts: ATTEMPTS,
  backoff: { type: "exponential", delayMs: 10_000 },
  concurrency: 1,
  timeoutMs: 5 * 60_000,
  coalesce: { key: (p) => `${p.environment}/${p.scheduleId ?? "now"}/${p.channel ?? "-"}`, ttlMs: 60_000 },
  process: (payload, ctx: JobContext<WorkerDeps>) => processDigest(payload, ctx),
});

/**
 * The score trend as a chart in the digest's thread. Best effort: the digest is
 * already posted and is whole without it, so a failed upload is logged, never
 * retried (a retry would post the digest's thread twice or not at all).
 */
async function attachTrendChart(ctx: JobContext<WorkerDeps>, posted: PostedMessage, environment: string, trend: (number | null)[]): Promise<void> {
  const chart = renderScoreChart(environment, trend);
  if (!chart) return;
  try {
    await ctx.deps.notifier.uploadFiles(posted.channel, posted.ts, [chart]);
  } catch (err) {
    ctx.log.warn({ environment, err: errorText(err) }, "could not attach the score chart to the digest");
  }
}

/** The schedule id a run came from: the payload's, else the enqueuer's "schedule:<id>". */
function scheduleOf(p: DigestPayload, ctx: JobContext<WorkerDeps>): string | undefined {
  if (p.scheduleId) return p.scheduleId;
  return ctx.requestedBy?.startsWith("schedule:") ? ctx.requestedBy.slice("schedule:".length) : undefined;
}

async function processDigest(p: DigestPayload, ctx: JobContext<WorkerDeps>): Promise<{ posted: boolean; quiet?: boolean; reason?: string }> {
  const { deps } = ctx;
  const env = deps.config.environments[p.environment];
  if (!env) throw new NotFoundError(`environment "${p.environment}" is not configured`);
  const channel = p.channel ?? env.channel;
  if (!channel) throw new InputError(`environment "${p.environment}" has no channel for its digest`);
  const state = digestState.parse(await ctx.state.get());
  const actor = actorOf(p.requestedBy, ctx);

  try {
    let coveredRunId = state.coveredRunId ?? null;
    let posted = state.messageTs && state.channel ? { channel: state.channel, ts: state.messageTs } : undefined;
    let quiet: boolean | undefined;
    if (!posted) {
      const schedule = scheduleOf(p, ctx);
      if (schedule !== undefined) {
        const mine = await deps.claimOnce(`digest:${p.environment}:${schedule}`, ctx.jobId, DIGEST_FIRING_WINDOW_MS);
        if (!mine) {
          ctx.log.info({ environment: p.environment, schedule }, "digest already sent for this firing; skipped");
          return { posted: false, reason: "duplicate firing" };
        }
      }
      const digest = await buildDigest({
        environment: p.environment,
        history: deps.history,
        approvals: deps.approvals,
        now: deps.clock(),
        configWaivers: configWaivers(deps.config, p.environment),
      });
      quiet = isQuiet(digest);
      stopIfAborted(ctx);
      posted = await deps.notifier.post(channel, renderDigest(digest));
      coveredRunId = digest.coveredRunId;
      await ctx.state.set({ channel: posted.channel, messageTs: posted.ts, coveredRunId });
      if (!quiet) await attachTrendChart(ctx, posted, p.environment, digest.trend);
    }
    if (!state.marked) {
      await markDigestSent(trailOf(deps), { environment: p.environment, runId: coveredRunId, channel: posted.channel, requestedBy: actor });
      await ctx.state.set({ marked: true });
    }
    return { posted: true, ...(quiet !== undefined ? { quiet } : {}) };
  } catch (err) {
    if (!isRateLimited(err) && !wasStopped(ctx) && !willRetry(err, ctx.attempt, ATTEMPTS)) {
      await trailOf(deps).record({
        actor,
        action: "job.digest",
        environment: p.environment,
        target: channel,
        outcome: "failed",
        details: { jobId: ctx.jobId, error: errorText(err) },
      });
    }
    throw err;
  }
}
