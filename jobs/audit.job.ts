// The audit job: one card per job in the channel, posted as "running", updated in
// place with progress and then with the result; details in the card's thread and,
// when the card overflows, the full report as files there too.
//
// Every step is remembered in ctx.state (the card's ts, the run id, how many thread
// messages went out, whether the files did), so an attempt that follows a 429, a
// crash or a killed worker carries on where the last one stopped: the channel
// shows one card and one thread, whatever happened to the workers.
import { z } from "zod";
import { auditEnvironment, exceptionToWaiver, toStoredFinding } from "../src/app/run-audit.js";
import { diffFindings } from "../src/core/audit/diff.js";
import { runAudit, type AuditReport } from "../src/core/audit/engine.js";
import type { CheckDefinition } from "../src/core/checks/types.js";
import { auditSettingsFor, configWaivers } from "../src/core/config/schema.js";
import { InputError, NotFoundError } from "../src/core/errors.js";
import type { NewFinding, StoredFinding } from "../src/ports/history.js";
import { ChannelUnavailableError, type PostedMessage } from "../src/ports/notifier.js";
import type { AuditDiffInput } from "../src/slack/renderers/audit-groups.js";
import { renderAuditResult, type RemediationMode } from "../src/slack/renderers/audit-result.js";
import { renderAuditThread } from "../src/slack/renderers/audit-thread.js";
import { renderFilesReport } from "../src/slack/renderers/files-report.js";
import { renderJobFailed, renderJobProgress, renderJobRunning, type JobView } from "../src/slack/renderers/job.js";
import { defineJob, type JobContext } from "./define.js";
import type { WorkerDeps } from "./deps.js";
import { actorOf, errorText, isRateLimited, stopIfAborted, trailOf, wasStopped, willRetry } from "./job-support.js";

export const auditPayload = z.object({
  environment: z.string().min(1),
  namespace: z.string().min(1).optional(),
  checkIds: z.array(z.string().min(1)).min(1).optional(),
  /** Where the card goes; the environment's channel when absent (scheduled audits). */
  channel: z.string().min(1).optional(),
  requestedBy: z.string().min(1).optional(),
});
export type AuditPayload = z.infer<typeof auditPayload>;

/** What the job keeps between attempts: ids, counters and timestamps only. */
const auditState = z.object({
  channel: z.string().optional(),
  messageTs: z.string().optional(),
  startedAt: z.string().optional(),
  runId: z.number().optional(),
  resultShown: z.boolean().optional(),
  threadTotal: z.number().optional(),
  threadPosted: z.number().optional(),
  overflow: z.boolean().optional(),
  filesUploaded: z.boolean().optional(),
  trailRecorded: z.boolean().optional(),
});
type AuditState = z.infer<typeof auditState>;

const ATTEMPTS = 3;
const DEFAULT_PROGRESS_MS = 3_000;

export const auditJob = defineJob({
  kind: "audit",
  payload: auditPayload,
  attempts: ATTEMPTS,
  backoff: { type: "exponential", delayMs: 5_000 },
  concurrency: 2,
  timeoutMs: 10 * 60_000,
  // Same environment, scope and channel within a minute: Slack's retry of a slow
  // command, or two people asking for the same thing.
  coalesce: {
    key: (p) => `${p.environment}/${p.namespace ?? "*"}/${p.checkIds ? [...p.checkIds].sort().join(",") : "*"}/${p.channel ?? "-"}`,
    ttlMs: 60_000,
  },
  process: (payload, ctx: JobContext<WorkerDeps>) => processAudit(payload, ctx),
});

function selectChecks(all: readonly CheckDefinition[], ids: readonly string[] | undefined): readonly CheckDefinition[] {
  if (!ids) return all;
  const byId = new Map(all.map((c) => [c.id, c]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw new InputError(`unknown check ${unknown.map((id) => `"${id}"`).join(", ")}`);
  return ids.map((id) => byId.get(id)!);
}

interface AuditOutcome {
  report: AuditReport;
  runId: number;
  diff: AuditDiffInput | null;
  previousScore: number | null;
}

/**
 * The card as progress comes in: at most one update in flight and one every
 * `intervalMs`; a failed progress update is dropped (the result update matters,
 * this one does not). `settle()` waits for the last one so it cannot land after the result.
 */
function progressCard(deps: WorkerDeps, card: PostedMessage, view: JobView) {
  const interval = deps.progressIntervalMs ?? DEFAULT_PROGRESS_MS;
  let last = performance.now();
  let inFlight: Promise<void> = Promise.resolve();
  let busy = false;
  let closed = false;
  return {
    report(p: { done: number; total: number; kind: string }) {
      const now = performance.now();
      if (closed || busy || now - last < interval) return;
      last = now;
      busy = true;
      inFlight = deps.notifier
        .update(card, renderJobProgress(view, { done: p.done, total: p.total, step: `read ${p.kind}` }))
        .catch((err: unknown) => deps.log.warn({ error: errorText(err) }, "progress update of the audit card failed"))
        .finally(() => {
          busy = false;
        });
    },
    async settle() {
      closed = true;
      await inFlight;
    },
  };
}

async function auditNow(p: AuditPayload, ctx: JobContext<WorkerDeps>, checks: readonly CheckDefinition[], onProgress: (x: { done: number; total: number; kind: string }) => void): Promise<AuditOutcome> {
  const { deps } = ctx;
  const result = await auditEnvironment(
    {
      environment: p.environment,
      loadSnapshot: () => deps.loadSnapshot(p.environment, { onProgress }),
      checks,
      settings: auditSettingsFor(deps.config, p.environment),
      configWaivers: configWaivers(deps.config, p.environment),
      ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
      requestedBy: actorOf(p.requestedBy, ctx),
    },
    { history: deps.history, clock: deps.clock },
  );
  if (!result.run) throw new Error("the audit run was not recorded");
  return { report: result.report, runId: result.run.id, diff: result.diff, previousScore: result.previous?.score ?? null };
}

/**
 * The run was recorded by an earlier attempt that then stopped (429, crash): the
 * report is computed again for the messages, without recording a second run, and
 * compared with the run before the recorded one.
 */
async function auditAgain(p: AuditPayload, ctx: JobContext<WorkerDeps>, checks: readonly CheckDefinition[], runId: number): Promise<AuditOutcome> {
  const { deps } = ctx;
  const snapshot = await deps.loadSnapshot(p.environment);
  const dbWaivers = (await deps.history.listExceptions({ environment: p.environment, activeAt: deps.clock() })).map(exceptionToWaiver);
  const report = runAudit(snapshot, {
    environment: p.environment,
    checks,
    settings: auditSettingsFor(deps.config, p.environment),
    waivers: [...configWaivers(deps.config, p.environment), ...dbWaivers],
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
    clock: deps.clock,
  });
  const runs = await deps.history.listRuns({ environment: p.environment, kind: "audit", limit: 50 });
  const at = runs.findIndex((r) => r.id === runId);
  const previous = at >= 0 ? runs[at + 1] : undefined;
  const stored = report.findings.filter((f) => f.status !== "pass").map(toStoredFinding);
  const diff = previous ? diffFindings<StoredFinding | NewFinding>(await deps.history.findingsOf(previous.id), stored) : null;
  return { report, runId, diff, previousScore: previous?.score ?? null };
}

function remediationMode(deps: WorkerDeps, environment: string): RemediationMode {
  const source = deps.config.environments[environment]?.kubernetes;
  if (!source || "snapshot" in source) return "snapshot-source";
  try {
    return deps.clusterWriter(environment) ? "enabled" : "disabled";
  } catch (err) {
    // An unreadable kubeconfig must not cost the audit its result; the buttons would fail anyway.
    deps.log.warn({ environment, error: errorText(err) }, "no cluster writer for the environment; Remediate buttons left out");
    return "disabled";
  }
}

const allDone = (s: AuditState) =>
  s.resultShown === true && (s.threadPosted ?? 0) >= (s.threadTotal ?? 0) && (!s.overflow || s.filesUploaded === true);

async function processAudit(p: AuditPayload, ctx: JobContext<WorkerDeps>): Promise<{ runId: number | undefined; score?: number | null }> {
  const { deps } = ctx;
  const channel = p.channel ?? deps.config.environments[p.environment]?.channel;
  let state: AuditState = auditState.parse(await ctx.state.get());
  const remember = async (patch: AuditState) => {
    state = { ...state, ...patch };
    await ctx.state.set(patch);
  };
  const actor = actorOf(p.requestedBy, ctx);
  const target = [p.namespace ? `ns=${p.namespace}` : "", p.checkIds ? `check=${p.checkIds.join(",")}` : ""].filter(Boolean).join(" ") || undefined;
  const view: JobView = {
    kind: "audit",
    environment: p.environment,
    requestedBy: actor,
    startedAt: state.startedAt ?? deps.clock().toISOString(),
    ...(target ? { target } : {}),
  };
  const trail = trailOf(deps);
  let card: PostedMessage | undefined = state.messageTs && state.channel ? { channel: state.channel, ts: state.messageTs } : undefined;

  try {
    if (!deps.config.environments[p.environment]) throw new NotFoundError(`environment "${p.environment}" is not configured`);
    if (!channel) throw new InputError(`environment "${p.environment}" has no channel and the request named none`);
    const checks = selectChecks(deps.checks, p.checkIds);
    if (!card) {
      card = await deps.notifier.post(channel, renderJobRunning(view));
      // Saved before anything else happens: a retry must find this card, never post another.
      await remember({ channel: card.channel, messageTs: card.ts, startedAt: view.startedAt });
    }
    const recordSuccess = async (details: Record<string, unknown>) => {
      if (state.trailRecorded) return;
      await trail.record({ actor, action: "job.audit", environment: p.environment, target: target ?? null, outcome: "ok", details: { jobId: ctx.jobId, channel: card!.channel, ...details } });
      await remember({ trailRecorded: true });
    };
    if (allDone(state)) {
      await recordSuccess({ runId: state.runId });
      return { runId: state.runId };
    }

    const progress = progressCard(deps, card, view);
    let outcome: AuditOutcome;
    try {
      outcome = state.runId === undefined ? await auditNow(p, ctx, checks, (x) => progress.report(x)) : await auditAgain(p, ctx, checks, state.runId);
    } finally {
      await progress.settle();
    }
    stopIfAborted(ctx);
    if (state.runId === undefined) await remember({ runId: outcome.runId });
    const { report } = outcome;
    const thread = renderAuditThread(report, outcome.diff);

    if (!state.resultShown) {
      const result = renderAuditResult({
        environment: p.environment,
        runId: outcome.runId,
        report,
        diff: outcome.diff,
        previousScore: outcome.previousScore,
        remediation: remediationMode(deps, p.environment),
      });
      await deps.notifier.update(card, { text: result.text, blocks: result.blocks });
      await remember({ resultShown: true, threadTotal: thread.length, overflow: result.overflow });
    }
    for (let i = state.threadPosted ?? 0; i < thread.length; i++) {
      stopIfAborted(ctx);
      await deps.notifier.post(card.channel, thread[i]!, { threadTs: card.ts });
      await remember({ threadPosted: i + 1 });
    }
    if (state.overflow && !state.filesUploaded) {
      stopIfAborted(ctx);
      const files = renderFilesReport(report);
      await deps.notifier.uploadFiles(
        card.channel,
        card.ts,
        [
          { filename: `${files.basename}.md`, title: `${p.environment} audit report (Markdown)`, content: files.markdown },
          { filename: `${files.basename}.json`, title: `${p.environment} audit report (JSON)`, content: files.json },
        ],
        "The full report: every result that did not pass.",
      );
      await remember({ filesUploaded: true });
    }
    await recordSuccess({ runId: outcome.runId, score: report.score, failing: report.summary.byStatus.fail });
    return { runId: outcome.runId, score: report.score };
  } catch (err) {
    await reportFailure(err, { ctx, card, view, state, actor, target, channel });
    throw err;
  }
}

async function reportFailure(
  err: unknown,
  a: { ctx: JobContext<WorkerDeps>; card: PostedMessage | undefined; view: JobView; state: AuditState; actor: string; target: string | undefined; channel: string | undefined },
): Promise<void> {
  const { ctx, card, view, state } = a;
  const { deps } = ctx;
  // Slowed down, handed back or timed out: the next attempt carries on with the same card.
  if (isRateLimited(err) || wasStopped(ctx)) return;
  const retrying = willRetry(err, ctx.attempt, ATTEMPTS);
  const error = errorText(err);
  const failed = renderJobFailed({ ...a.view, error, retrying });
  const warn = (e: unknown) => deps.log.warn({ error: errorText(e) }, "could not show the failure of the audit in Slack");
  // Once the result is on the card, a failure later (a thread message) must not hide it.
  if (card && !state.resultShown) await deps.notifier.update(card, failed).catch(warn);
  // Failed before any card went out: whoever asked still hears why, unless the channel itself is the problem.
  if (!card && !retrying && a.channel && !(err instanceof ChannelUnavailableError)) await deps.notifier.post(a.channel, failed).catch(warn);
  if (retrying) return;
  await trailOf(deps).record({
    actor: a.actor,
    action: "job.audit",
    environment: view.environment,
    target: a.target ?? null,
    outcome: "failed",
    details: { jobId: ctx.jobId, error, channel: card?.channel ?? a.channel ?? null, ...(state.runId !== undefined ? { runId: state.runId } : {}) },
  });
}
