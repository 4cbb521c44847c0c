// Asking for a change that needs four eyes: a remediation patch on a live object,
// or a waiver that accepts a finding's risk for some days. Everything the request
// will do is stored with it; the Slack buttons carry only its id. The approval
// message is posted after Slack has its answer (`afterAck`).
import type { ApprovalRequest } from "../ports/approvals.js";
import type { ChatMessage } from "../ports/notifier.js";
import { renderApprovalRequest } from "../slack/renderers/approval.js";
import { channelLink, code, resourcePlain, slackDate } from "../slack/renderers/format.js";
import { escapeMrkdwn } from "../slack/renderers/limits.js";
import {
  approvalView,
  createApprovalRequest,
  selfApprovalAllowed,
  WAIVER_MAX_DAYS,
  type NewRequest,
  type WaiverApprovalPayload,
} from "./approval-model.js";
import { denyUnless, notice, type ApprovalDeps, type ApprovalOutcome, type WaiverRequestDeps } from "./approval-shared.js";
import { redactSecrets } from "./audit-trail.js";
import { findingInLatestRuns, findingInRun, resourceOf } from "./finding-lookup.js";
import { planOnLiveObject, remediationPayload } from "./remediation-plan.js";

type RequestDeps = Pick<ApprovalDeps, "config" | "approvals" | "approvalTtlMs" | "notifier" | "trail">;

/** A request that cannot be made: said to the requester and recorded, nothing stored. */
function refuser(deps: Pick<ApprovalDeps, "trail">, userId: string, target: string, details: Record<string, unknown>) {
  return async (text: string, environment: string | null, reason: string): Promise<ApprovalOutcome> => {
    await deps.trail.record({ actor: userId, action: "approval.request", environment, target, outcome: "failed", details: { ...details, reason } });
    return { status: "refused", reply: notice(":information_source:", text) };
  };
}

const isLive = (config: ApprovalDeps["config"], environment: string): boolean => {
  const source = config.environments[environment]?.kubernetes;
  return source !== undefined && !("snapshot" in source);
};

/** Posts the approval message and remembers where, so the decision can replace its buttons. */
async function postApproval(deps: Pick<ApprovalDeps, "config" | "approvals" | "notifier" | "trail">, request: ApprovalRequest, userId: string, askedIn: string | undefined) {
  const channel = request.channel!;
  try {
    const posted = await deps.notifier.post(channel, renderApprovalRequest(approvalView(request, deps.config)));
    await deps.approvals.attachMessage(request.id, posted.channel, posted.ts);
  } catch (err) {
    const why = redactSecrets(err instanceof Error ? err.message : String(err));
    await deps.trail.record({
      actor: "system",
      action: "approval.post",
      environment: request.environment,
      target: request.id,
      outcome: "failed",
      details: { channel, error: why },
    });
    // The requester would otherwise wait for a message that never comes.
    if (askedIn) {
      await deps.notifier
        .postEphemeral(askedIn, userId, notice(":warning:", `Could not post approval request ${code(request.id)} in ${channelLink(channel)}: ${escapeMrkdwn(why)}`))
        .catch(() => undefined);
    }
  }
}

function requestedReply(request: ApprovalRequest, config: ApprovalDeps["config"], what: string): ChatMessage {
  const who_ = selfApprovalAllowed(config, request.environment) ? "an approver (you included)" : "an approver other than you";
  return notice(
    ":ballot_box_with_check:",
    `Asked for approval to ${escapeMrkdwn(what)}. Request ${code(request.id)} goes to ${channelLink(request.channel!)}; ${who_} must decide before ${slackDate(request.expiresAt)}.`,
  );
}

/** Stores the request, records it, answers the requester, and posts the approval message after the ack. */
async function fileRequest(
  deps: RequestDeps,
  r: NewRequest & { trailDetails: Record<string, unknown>; what: string; askedIn: string | undefined },
): Promise<ApprovalOutcome> {
  const request = await createApprovalRequest(deps, r);
  await deps.trail.record({ actor: r.requestedBy, action: "approval.request", environment: r.environment, target: request.id, outcome: "ok", details: r.trailDetails });
  return {
    status: "requested",
    request,
    reply: requestedReply(request, deps.config, r.what),
    afterAck: () => postApproval(deps, request, r.requestedBy, r.askedIn),
  };
}

// ---------------------------------------------------------------------------
// Remediation requests

export interface RemediationRequestInput {
  userId: string;
  runId: number;
  fingerprint: string;
  /** Where the button was clicked: the approval goes there when the environment has no channel. */
  channelId?: string;
}

export async function requestRemediation(input: RemediationRequestInput, deps: ApprovalDeps): Promise<ApprovalOutcome> {
  const { userId, runId, fingerprint } = input;
  const refusal = await denyUnless(deps, userId, "operator", { action: "approval.request", target: fingerprint, details: { kind: "remediation", runId } }, "request remediations");
  if (refusal) return refusal;
  const refuse = refuser(deps, userId, fingerprint, { kind: "remediation", runId });

  const located = await findingInRun(deps.history, runId, fingerprint);
  if (!located) return refuse(`Finding ${code(fingerprint)} is not in run #${runId}; nothing to remediate.`, null, "finding not found");
  const { environment, finding } = located;
  const env = deps.config.environments[environment];
  if (!env) return refuse(`Environment *${escapeMrkdwn(environment)}* is no longer configured.`, environment, "environment not configured");
  if (!isLive(deps.config, environment))
    return refuse(`*${escapeMrkdwn(environment)}* is audited from a snapshot: there is nothing to patch.`, environment, "snapshot environment");
  if (finding.status !== "fail") return refuse(`That finding is ${escapeMrkdwn(finding.status)}, not failing; nothing to remediate.`, environment, "not failing");
  const check = deps.checks.find((c) => c.id === finding.checkId);
  if (!check?.fix) return refuse(`${code(finding.checkId)} has no automatic fix: the change needs a person.`, environment, "no fix");
  const writer = deps.clusterWriterFor?.(environment);
  if (!writer) return refuse(`harden has no write access to *${escapeMrkdwn(environment)}*; nothing can be patched.`, environment, "no cluster writer");

  const resource = resourceOf(finding);
  const { container: _container, ...objectRef } = resource;
  const live = await writer.get(objectRef);
  if (!live) return refuse(`${escapeMrkdwn(resourcePlain(objectRef))} no longer exists in *${escapeMrkdwn(environment)}*.`, environment, "object gone");

  const now = deps.clock();
  const plan = planOnLiveObject(live, check, { resource, message: finding.message }, deps.config, environment, now);
  if (!plan)
    return refuse(
      `No patch for ${escapeMrkdwn(resourcePlain(resource))}: the live object may already be fixed, or it cannot be changed safely in place. Run ${code(`/harden audit ${environment}`)} to check.`,
      environment,
      "no patch",
    );

  const channel = env.channel ?? input.channelId;
  if (!channel) return refuse(`*${escapeMrkdwn(environment)}* has no channel for approvals.`, environment, "no channel");
  const payload = remediationPayload({ checkId: check.id, fingerprint, runId }, live, plan);
  return fileRequest(deps, {
    environment,
    kind: "remediation",
    requestedBy: userId,
    now,
    payload,
    channel,
    trailDetails: { kind: "remediation", checkId: check.id, fingerprint, runId, resource: resourcePlain(resource), resourceVersion: payload.resourceVersion ?? null },
    what: `fix ${resourcePlain(resource)}`,
    askedIn: input.channelId,
  });
}

// ---------------------------------------------------------------------------
// Waiver requests

export interface WaiverRequestInput {
  userId: string;
  fingerprint: string;
  days: number;
  reason: string;
  channelId?: string;
}

export async function requestWaiver(input: WaiverRequestInput, deps: WaiverRequestDeps): Promise<ApprovalOutcome> {
  const { userId, fingerprint, days } = input;
  const refusal = await denyUnless(deps, userId, "operator", { action: "approval.request", target: fingerprint, details: { kind: "waiver" } }, "request waivers");
  if (refusal) return refusal;
  const refuse = refuser(deps, userId, fingerprint, { kind: "waiver" });
  if (!Number.isInteger(days) || days < 1 || days > WAIVER_MAX_DAYS) return refuse(`A waiver lasts 1 to ${WAIVER_MAX_DAYS} days.`, null, "bad days");

  const located = await findingInLatestRuns(deps.history, Object.keys(deps.config.environments), fingerprint);
  if (!located)
    return refuse(`No finding ${code(fingerprint)} in the latest audit of any environment: it may be fixed already, or the fingerprint is mistyped.`, null, "finding not found");
  const { environment, finding, run } = located;
  if (finding.status === "waived") return refuse(`Finding ${code(fingerprint)} is already waived in *${escapeMrkdwn(environment)}*.`, environment, "already waived");
  if (finding.status !== "fail") return refuse(`Finding ${code(fingerprint)} is ${escapeMrkdwn(finding.status)}; only failing findings can be waived.`, environment, "not failing");
  const channel = deps.config.environments[environment]?.channel ?? input.channelId;
  if (!channel) return refuse(`*${escapeMrkdwn(environment)}* has no channel for approvals.`, environment, "no channel");

  const reason = redactSecrets(input.reason.trim());
  const resource = resourceOf(finding);
  const payload: WaiverApprovalPayload = {
    checkId: finding.checkId,
    fingerprint,
    runId: run.id,
    resource,
    days,
    reason,
    summary: `Waive ${finding.checkId} for ${days} day${days === 1 ? "" : "s"} (${finding.message}). Reason: ${reason}`,
  };
  return fileRequest(deps, {
    environment,
    kind: "waiver",
    requestedBy: userId,
    now: deps.clock(),
    payload,
    channel,
    trailDetails: { kind: "waiver", checkId: finding.checkId, fingerprint, days, reason, resource: resourcePlain(resource) },
    what: `waive ${finding.checkId} on ${resourcePlain(resource)} for ${days} days`,
    askedIn: input.channelId,
  });
}
