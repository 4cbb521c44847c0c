// Small pieces every job needs: how an error reads on a Slack card, whether the
// queue will run the job again, and the audit trail over the job's deps.
import { createAuditTrail, redactSecrets, type AuditTrail } from "../src/app/audit-trail.js";
import { isPermanent } from "../src/core/errors.js";
import type { JobContext } from "./define.js";
import type { WorkerDeps } from "./deps.js";

/** One line for a card or an outcome: the message only (no stack, no cause), secrets masked, bounded. */
export function errorText(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const line = redactSecrets(raw.replace(/\s*\n\s*/g, " ").trim()) || "unknown error";
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

/** Slack (or the pacer) asked us to slow down: the runner puts the job back; nothing else to do. */
export function isRateLimited(err: unknown): boolean {
  return typeof err === "object" && err !== null && typeof (err as { retryAfterMs?: unknown }).retryAfterMs === "number";
}

/**
 * Stopped by the runner (shutdown, or the definition's timeout): the attempt is
 * over. At shutdown the job goes back to the queue unspent and the next worker
 * resumes from ctx.state; after a timeout the retry does. Either way this attempt
 * must leave the card alone: it would overwrite what the next one shows.
 */
export function wasStopped(ctx: Pick<JobContext, "signal">): boolean {
  return ctx.signal.aborted;
}

/**
 * Throws when the attempt was told to stop (shutdown or timeout). Called before
 * every write to Slack or a cluster: the runner has already given the job to
 * someone else, and a write from this attempt could double theirs.
 */
export function stopIfAborted(ctx: Pick<JobContext, "signal">): void {
  ctx.signal.throwIfAborted();
}

/** Permanent for this job: the error vocabulary's permanent errors (a channel we cannot post in is one). */
export function isPermanentForJob(err: unknown): boolean {
  return isPermanent(err);
}

/** Whether the queue will run this job again after `err` on this attempt. */
export function willRetry(err: unknown, attempt: number, attempts: number): boolean {
  return !isPermanentForJob(err) && attempt < attempts;
}


export function trailOf(deps: WorkerDeps): AuditTrail {
  return createAuditTrail({ history: deps.history, clock: deps.clock, log: deps.log });
}

/** Who a job acts for: the payload's requester, else the enqueuer, else the system. */
export function actorOf(payloadRequester: string | undefined, ctx: Pick<JobContext, "requestedBy">): string {
  return payloadRequester ?? ctx.requestedBy ?? "system";
}
