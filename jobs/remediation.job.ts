// Applies an approved remediation: the server dry-runs the exact patch that was
// approved, then applies it under an optimistic lock on the resourceVersion it was
// planned against, then the check runs again on the patched object, and the
// approval message shows who approved, when, and what happened.
//
// A stale patch is never applied. When the object moved on since planning (its
// resourceVersion differs, or the lock fails at the dry run or the patch), the
// request is closed as superseded and a fresh one, planned against the object as it
// is now, goes to the approvers; if the check already passes, there is nothing to ask.
//
// Steps are kept in ctx.state: a retry after the patch landed re-checks, it does
// not patch again, and a re-plan creates one new request, not one per attempt.
import { z } from "zod";
import { approvalView, createApprovalRequest, remediationPayloadSchema } from "../src/app/approval-model.js";
import { redactSecrets } from "../src/app/audit-trail.js";
import { findingInRun, resourceOf } from "../src/app/finding-lookup.js";
import { liveObjectSnapshot, planOnLiveObject, remediationPayload } from "../src/app/remediation-plan.js";
import { runAudit } from "../src/core/audit/engine.js";
import type { CheckDefinition, ResourceRef } from "../src/core/checks/types.js";
import { auditSettingsFor } from "../src/core/config/schema.js";
import { ConflictError, InputError, NotAllowedError, NotFoundError } from "../src/core/errors.js";
import type { KubeObject } from "../src/core/snapshot/types.js";
import type { ApprovalRequest } from "../src/ports/approvals.js";
import type { ClusterWriter } from "../src/ports/cluster-writer.js";
import { renderApprovalDecided, renderApprovalRequest } from "../src/slack/renderers/approval.js";
import { resourcePlain } from "../src/slack/renderers/format.js";
import { defineJob, type JobContext } from "./define.js";
import type { WorkerDeps } from "./deps.js";
import { errorText, isRateLimited, stopIfAborted, trailOf, wasStopped, willRetry } from "./job-support.js";

export const remediationJobPayload = z.object({ approvalId: z.string().min(1).max(64) });
export type RemediationJobPayload = z.infer<typeof remediationJobPayload>;

const remediationState = z.object({
  dryRunPassed: z.boolean().optional(),
  applied: z.boolean().optional(),
  appliedVersion: z.string().optional(),
  supersededBy: z.string().optional(),
  newRequestPosted: z.boolean().optional(),
  outcomeRecorded: z.boolean().optional(),
  messageUpdated: z.boolean().optional(),
  trailRecorded: z.boolean().optional(),
});
type RemediationState = z.infer<typeof remediationState>;

const ATTEMPTS = 3;
export const CHANGED_NOTICE = "The object changed since this fix was planned, so the earlier approval no longer applies; review again.";

export const remediationJob = defineJob({
  kind: "remediation",
  payload: remediationJobPayload,
  attempts: ATTEMPTS,
  backoff: { type: "exponential", delayMs: 5_000 },
  concurrency: 1,
  timeoutMs: 5 * 60_000,
  // An approval is carried out once; a second enqueue of it joins the first.
  coalesce: { key: (p) => p.approvalId, ttlMs: 10 * 60_000 },
  process: (payload, ctx: JobContext<WorkerDeps>) => processRemediation(payload, ctx),
});

type Concluded = { status: "executed" | "failed"; outcome: string; supersededBy?: string };

function objectRef(resource: ResourceRef): ResourceRef {
  const { container: _container, ...owner } = resource;
  return owner;
}

/** The check on one object, for the finding the request is about: "pass", "fail" (with why), or "unknown". */
function recheck(check: CheckDefinition, obj: KubeObject, fingerprint: string, resource: ResourceRef, deps: WorkerDeps, environment: string) {
  const report = runAudit(liveObjectSnapshot(obj, deps.clock().toISOString()), {
    environment,
    checks: [check],
    settings: auditSettingsFor(deps.config, environment),
    // A pass is the answer wanted here; the engine drops passes unless asked.
    includePassed: true,
    clock: deps.clock,
  });
  const same = report.findings.find((f) => f.fingerprint === fingerprint);
  const onObject = report.findings.filter((f) => f.resource.kind === resource.kind && f.resource.name === resource.name && f.resource.namespace === resource.namespace);
  const relevant = same ? [same] : onObject;
  const failing = relevant.find((f) => f.status === "fail");
  if (failing) return { status: "fail" as const, message: failing.message };
  if (relevant.some((f) => f.status === "pass")) return { status: "pass" as const };
  return { status: "unknown" as const, message: relevant[0]?.message ?? "the check reported nothing for this object" };
}

async function processRemediation(job: RemediationJobPayload, ctx: JobContext<WorkerDeps>): Promise<Concluded> {
  const { deps } = ctx;
  let state: RemediationState = remediationState.parse(await ctx.state.get());
  const remember = async (patch: RemediationState) => {
    state = { ...state, ...patch };
    await ctx.state.set(patch);
  };

  const request = await deps.approvals.get(job.approvalId);
  if (!request) throw new NotFoundError(`approval request ${job.approvalId} does not exist`);
  if (request.kind !== "remediation") throw new InputError(`approval request ${request.id} is a ${request.kind}, not a remediation`);
  const parsed = remediationPayloadSchema.safeParse(request.payload);

  /** Records the outcome once, then updates the approval message and writes the trail, each once. */
  const conclude = async (c: Concluded): Promise<Concluded> => {
    let final: ApprovalRequest = request;
    if (!state.outcomeRecorded && request.status === "approved") {
      final = await deps.approvals.recordOutcome(request.id, c.status, redactSecrets(c.outcome));
      await remember({ outcomeRecorded: true });
    }
    const status = final.status === "executed" || final.status === "failed" ? final.status : c.status;
    const outcome = final.outcome ?? c.outcome;
    if (!state.messageUpdated && final.channel && final.messageTs && parsed.success) {
      await deps.notifier.update(
        { channel: final.channel, ts: final.messageTs },
        renderApprovalDecided({
          ...approvalView(final, deps.config),
          status,
          decidedBy: final.decidedBy,
          decidedAt: final.decidedAt ?? deps.clock().toISOString(),
          outcome,
        }),
      );
      await remember({ messageUpdated: true });
    }
    if (!state.trailRecorded) {
      await trailOf(deps).record({
        actor: final.decidedBy ?? ctx.requestedBy ?? "system",
        action: "remediation.apply",
        environment: final.environment,
        target: final.id,
        outcome: status === "executed" ? "ok" : "failed",
        details: { jobId: ctx.jobId, outcome, ...(c.supersededBy ? { supersededBy: c.supersededBy } : {}), ...(parsed.success ? { checkId: parsed.data.checkId, resource: resourcePlain(parsed.data.resource) } : {}) },
      });
      await remember({ trailRecorded: true });
    }
    return { ...c, status, outcome };
  };

  if (request.status === "executed" || request.status === "failed") {
    // Our own retry after the outcome was recorded finishes the bookkeeping; another
    // job for the same approval finds it done and leaves it alone.
    if (state.outcomeRecorded) return conclude({ status: request.status, outcome: request.outcome ?? "" });
    return { status: request.status, outcome: request.outcome ?? "" };
  }
  if (request.status !== "approved") throw new ConflictError(`approval request ${request.id} is ${request.status}, not approved; nothing was applied`);
  if (!parsed.success) return conclude({ status: "failed", outcome: "The request's details could not be read; nothing was applied." });
  const plan = parsed.data;

  const env = deps.config.environments[request.environment];
  if (!env) return conclude({ status: "failed", outcome: `Environment ${request.environment} is no longer configured; nothing was applied.` });
  let writer: ClusterWriter | undefined;
  try {
    writer = "snapshot" in env.kubernetes ? undefined : deps.clusterWriter(request.environment);
  } catch (err) {
    return conclude({ status: "failed", outcome: `harden cannot reach ${request.environment} (${errorText(err)}); nothing was applied.` });
  }
  if (!writer) return conclude({ status: "failed", outcome: `harden has no write access to ${request.environment}; nothing was applied.` });
  const check = deps.checks.find((c) => c.id === plan.checkId);
  if (!check?.fix) return conclude({ status: "failed", outcome: `Check ${plan.checkId} has no automatic fix any more; nothing was applied.` });
  const ref = objectRef(plan.resource);
  const label = resourcePlain(ref);

  /** The object moved on: close this request and ask again with a patch for the object as it is now. */
  const replan = async (known: KubeObject | undefined): Promise<Concluded> => {
    let successor = state.supersededBy ? await deps.approvals.get(state.supersededBy) : undefined;
    if (!successor) {
      const current = known ?? (await writer.get(ref));
      if (!current) return conclude({ status: "failed", outcome: `${label} no longer exists; nothing was applied.` });
      const located = await findingInRun(deps.history, plan.runId, plan.fingerprint);
      const resource = located ? resourceOf(located.finding) : plan.resource;
      const now = deps.clock();
      if (recheck(check, current, plan.fingerprint, resource, deps, request.environment).status === "pass") {
        return conclude({ status: "executed", outcome: `Already compliant: ${label} changed since planning and ${check.id} now passes; nothing was applied.` });
      }
      const fresh = planOnLiveObject(current, check, { resource, message: located?.finding.message ?? plan.summary }, deps.config, request.environment, now);
      if (!fresh) return conclude({ status: "failed", outcome: `Superseded: ${label} changed since planning and no safe patch fits it now; nothing was applied.` });
      stopIfAborted(ctx);
      successor = await createApprovalRequest(deps, {
        environment: request.environment,
        kind: "remediation",
        requestedBy: request.requestedBy,
        now,
        payload: remediationPayload(plan, current, fresh),
        channel: request.channel,
      });
      await remember({ supersededBy: successor.id });
    }
    if (!state.newRequestPosted && successor.channel) {
      const view = approvalView(successor, deps.config);
      const posted = await deps.notifier.post(successor.channel, renderApprovalRequest({ ...view, summary: `${CHANGED_NOTICE} ${view.summary}` }));
      await deps.approvals.attachMessage(successor.id, posted.channel, posted.ts);
      await remember({ newRequestPosted: true });
    }
    return conclude({
      status: "failed",
      outcome: `Superseded: object changed since planning; nothing was applied. A new request, ${successor.id}, asks for approval of a patch for the object as it is now.`,
      supersededBy: successor.id,
    });
  };

  try {
    if (state.supersededBy) return await replan(undefined);
    if (!state.applied) {
      const live = await writer.get(ref);
      if (!live) return await conclude({ status: "failed", outcome: `${label} no longer exists; nothing was applied.` });
      if (plan.resourceVersion !== undefined && live.metadata.resourceVersion !== plan.resourceVersion) return await replan(live);
      const options = { fieldManager: "harden", ...(plan.resourceVersion !== undefined ? { resourceVersion: plan.resourceVersion } : {}) };
      try {
        stopIfAborted(ctx);
        await writer.patch(ref, plan, { ...options, dryRun: true });
        await remember({ dryRunPassed: true });
        stopIfAborted(ctx);
        const patched = await writer.patch(ref, plan, { ...options, dryRun: false });
        await remember({ applied: true, ...(patched.metadata.resourceVersion ? { appliedVersion: patched.metadata.resourceVersion } : {}) });
      } catch (err) {
        if (err instanceof ConflictError) return await replan(undefined);
        if (err instanceof InputError || err instanceof NotAllowedError || err instanceof NotFoundError) {
          const step = state.dryRunPassed ? "The patch" : "The server-side dry run";
          return await conclude({ status: "failed", outcome: `${step} was refused: ${errorText(err)}. Nothing was applied.` });
        }
        throw err;
      }
    }
    const after = await writer.get(ref);
    if (!after) return await conclude({ status: "executed", outcome: `Applied to ${label}, which was deleted right after; it could not be checked again.` });
    const result = recheck(check, after, plan.fingerprint, plan.resource, deps, request.environment);
    const done = `Dry run passed, then applied to ${label} (resourceVersion ${state.appliedVersion ?? after.metadata.resourceVersion ?? "?"}): ${plan.summary}.`;
    if (result.status === "pass") return await conclude({ status: "executed", outcome: `${done} Checked again: ${check.id} passes.` });
    if (result.status === "fail") return await conclude({ status: "executed", outcome: `${done} Checked again: ${check.id} still fails: ${result.message}` });
    return await conclude({ status: "executed", outcome: `${done} The check could not confirm it: ${result.message}` });
  } catch (err) {
    if (isRateLimited(err) || wasStopped(ctx) || willRetry(err, ctx.attempt, ATTEMPTS)) throw err;
    // The job ends here: say so on the request rather than leave it "approved, running" for ever.
    const what = state.applied ? "The patch was applied, but checking it again failed" : "Nothing was applied";
    await conclude({ status: "failed", outcome: `${what}: ${errorText(err)}` }).catch(() => undefined);
    throw err;
  }
}
