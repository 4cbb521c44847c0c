// The job card: one message per job, posted as "running" and updated in place with
// progress and then with the result (or the failure). The "queued" line is the
// ephemeral answer to the command itself, sent before any work happens.
import { context, section, type RenderedMessage } from "./blocks.js";
import { channelLink, slackDate, who } from "./format.js";
import { clampLines, escapeMrkdwn, finishMessage } from "./limits.js";

export type JobKind = "audit" | "scan" | "rotation" | "metrics" | "digest" | "remediation";

const KIND_LABEL: Record<JobKind, string> = {
  audit: "Audit",
  scan: "Image scan",
  rotation: "Secret rotation",
  metrics: "Metrics check",
  digest: "Digest",
  remediation: "Remediation",
};

export interface JobView {
  kind: JobKind;
  environment: string;
  /** Slack user id, or "schedule:<id>" / "system" for jobs nobody typed. */
  requestedBy: string;
  startedAt: string;
  /** What inside the environment: "ns=payments", "nginx:1.25", "payments/db-password". */
  target?: string;
}

function title(kind: JobKind, environment: string, target: string | undefined, bold = true): string {
  const env = bold ? `*${escapeMrkdwn(environment)}*` : escapeMrkdwn(environment);
  return `${KIND_LABEL[kind]} of ${env}${target ? ` (${escapeMrkdwn(target)})` : ""}`;
}

/** For the fallback text, which Slack also parses as mrkdwn. */
const plainTitle = (j: { kind: JobKind; environment: string; target?: string }) => title(j.kind, j.environment, j.target, false);

const meta = (j: JobView) => context(`Requested by ${who(j.requestedBy)} · started ${slackDate(j.startedAt)}`);

export interface QueuedInput {
  kind: JobKind;
  environment: string;
  target?: string;
  /** Where the result will be posted, when that is not the channel the command came from. */
  channel?: string;
}

export function renderJobQueued(q: QueuedInput): RenderedMessage {
  const where = q.channel ? ` The result will be posted in ${channelLink(q.channel)}.` : " The result will be posted here.";
  const line = `:hourglass_flowing_sand: Queued: ${title(q.kind, q.environment, q.target)}.${where}`;
  return finishMessage(`Queued: ${plainTitle(q)}`, [section(line)]);
}

export function renderJobRunning(job: JobView): RenderedMessage {
  return finishMessage(`${plainTitle(job)} is running`, [
    section(`:arrows_counterclockwise: ${title(job.kind, job.environment, job.target)} is running…`),
    meta(job),
  ]);
}

export interface Progress {
  done: number;
  total: number;
  /** What the job is doing now ("listing pods", "scanning 4 of 12 images"). */
  step: string;
}

function bar(done: number, total: number, cells = 10): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.round(ratio * cells);
  return "▰".repeat(full) + "▱".repeat(cells - full);
}

export function renderJobProgress(job: JobView, p: Progress): RenderedMessage {
  const counter = p.total > 0 ? `${bar(p.done, p.total)} ${Math.min(p.done, p.total)}/${p.total} · ` : "";
  return finishMessage(`${plainTitle(job)}: ${escapeMrkdwn(p.step)}`, [
    section(`:arrows_counterclockwise: ${title(job.kind, job.environment, job.target)} is running…\n${counter}${escapeMrkdwn(p.step)}`),
    meta(job),
  ]);
}

export interface FailedInput extends JobView {
  /** Already redacted by the caller; rendered as text, never trusted as mrkdwn. */
  error: string;
  retrying: boolean;
}

export function renderJobFailed(f: FailedInput): RenderedMessage {
  const quoted = clampLines(escapeMrkdwn(f.error), 1_500)
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
  const next = f.retrying
    ? ":repeat: This looks temporary: the job will be retried automatically and this message updated."
    : ":no_entry_sign: Not retried: this error will not go away by itself. Fix the cause, then ask again.";
  return finishMessage(`${plainTitle(f)} failed${f.retrying ? ", retrying" : ""}`, [
    section(`:x: ${title(f.kind, f.environment, f.target)} failed`),
    section(quoted),
    context(next),
    meta(f),
  ]);
}
