// Four-eyes approvals for changes harden makes: a remediation patch on a live
// object, or a waiver that accepts a finding's risk for some days. The request and
// everything it will do live in the database; the Slack buttons carry only its id.
// Whoever clicks is checked again at the click (role, not the requester), and the
// pending-to-decided step is one atomic update, so a double click or two approvers
// racing decide it once.
import { z } from "zod";
import { planRemediation } from "../core/audit/engine.js";
import type { CheckDefinition, ResourceRef } from "../core/checks/types.js";
import { auditSettingsFor, type HardenConfig } from "../core/config/schema.js";
import { NotAllowedError, UnavailableError } from "../core/errors.js";
import type { ClusterSnapshot } from "../core/snapshot/types.js";
import { patchDiff } from "../core/text/patch-diff.js";
import type { ApprovalDecision, ApprovalRepository, ApprovalRequest } from "../ports/approvals.js";
import type { ClusterWriter } from "../ports/cluster-writer.js";
import type { HistoryRepository } from "../ports/history.js";
import type { JobQueue } from "../ports/job-queue.js";
import type { ChatMessage, Notifier } from "../ports/notifier.js";
import { renderApprovalDecided, renderApprovalRequest, type ApprovalRequestView, type DecidedStatus } from "../slack/renderers/approval.js";
import { section } from "../slack/renderers/blocks.js";
import { renderDenied } from "../slack/renderers/command-replies.js";
import { channelLink, code, resourcePlain, slackDate, utcTime, who } from "../slack/renderers/format.js";
import { escapeMrkdwn, finishMessage } from "../slack/renderers/limits.js";
import { RoleRequiredError, type Authorizer } from "./authorize.js";
import { redactSecrets, type AuditTrail } from "./audit-trail.js";
import { findingInLatestRuns, findingInRun, resourceOf } from "./finding-lookup.js";

export const APPROVAL_TTL_MS = 60 * 60_000;
export const WAIVER_MAX_DAYS = 365;

const resourceRefSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  container: z.string().optional(),
});

/** What a remediation request holds; the remediation job reads it back by approval id. */
export const remediationPayloadSchema = z.object({
  checkId: z.string(),
  fingerprint: z.string(),
  runId: z.number().int(),
  resource: resourceRefSchema,
  patch: z.unknown(),
  patchType: z.enum(["strategic-merge", "merge", "json"]),
  summary: z.string(),
  /** The live object's version the patch was planned against: the job re-plans when it moved on. */
  resourceVersion: z.string().optional(),
  diff: z.string(),
});
export type RemediationApprovalPayload = z.infer<typeof remediationPayloadSchema>;

export const waiverPayloadSchema = z.object({
  checkId: z.string(),
  fingerprint: z.string(),
  runId: z.number().int(),
  resource: resourceRefSchema,
  days: z.number().int().positive().max(WAIVER_MAX_DAYS),
  /** Already redacted: it ends up in the exceptions table and in messages. */
  reason: z.string(),
  summary: z.string(),
});
export type WaiverApprovalPayload = z.infer<typeof waiverPayloadSchema>;

export interface ApprovalDeps {
  config: HardenConfig;
  history: HistoryRepository;
  approvals: ApprovalRepository;
  authorizer: Authorizer;
  notifier: Notifier;
  queue: JobQueue;
  /** Kinds the queue has definitions for; an approved remediation needs "remediation". */
  jobKinds: ReadonlySet<string>;
  trail: AuditTrail;
  clock: () => Date;
  checks: readonly CheckDefinition[];
  /** The live cluster of an environment; undefined where there is none to patch. */
  clusterWriterFor?: (environment: string) => ClusterWriter | undefined;
  /** How long a request waits for a decision (1 hour by default). */
  approvalTtlMs?: number;
}

export type WaiverRequestDeps = Pick<ApprovalDeps, "config" | "history" | "approvals" | "authorizer" | "notifier" | "trail" | "clock" | "approvalTtlMs">;

export interface ApprovalOutcome {
  status: "requested" | "refused" | "denied" | "not_found" | "expired" | "already_decided" | "rejected" | "approved" | "executed" | "failed";
  /** The ephemeral answer to whoever clicked or typed. */
  reply: ChatMessage;
  /** Posts or updates the approval message; run it after acknowledging Slack. */
  afterAck?: () => Promise<void>;
  request?: ApprovalRequest;
}

/** `mrkdwnLine` is already escaped; Slack reads the fallback text as mrkdwn too. */
function notice(emoji: string, mrkdwnLine: string): ChatMessage {
  return finishMessage(mrkdwnLine, [section(`${emoji} ${mrkdwnLine}`)]);
}

function denied(err: unknown, action: string): ChatMessage {
  if (err instanceof RoleRequiredError && err.unresolvedGroups.length > 0) return notice(":no_entry:", escapeMrkdwn(err.message));
  const role = err instanceof RoleRequiredError ? err.requiredRole : "operator";
  return renderDenied({ action, requiredRole: role });
}

/** Checks the role; when it is missing, records the denial and returns the answer to give. */
async function denyUnless(
  deps: Pick<ApprovalDeps, "authorizer" | "trail">,
  userId: string,
  role: "operator" | "approver",
  event: { action: string; target: string; environment?: string | null; details: Record<string, unknown> },
  deniedAction: string,
): Promise<ApprovalOutcome | undefined> {
  try {
    await deps.authorizer.require(userId, role);
    return undefined;
  } catch (err) {
    if (!(err instanceof NotAllowedError)) throw err;
    await deps.trail.record({ actor: userId, outcome: "denied", ...event });
    return { status: "denied", reply: denied(err, deniedAction) };
  }
}

/** A request that cannot be made: said to the requester and recorded, nothing stored. */
function refuser(deps: Pick<ApprovalDeps, "trail">, userId: string, target: string, details: Record<string, unknown>) {
  return async (text: string, environment: string | null, reason: string): Promise<ApprovalOutcome> => {
    await deps.trail.record({ actor: userId, action: "approval.request", environment, target, outcome: "failed", details: { ...details, reason } });
    return { status: "refused", reply: notice(":information_source:", text) };
  };
}

export function selfApprovalAllowed(config: HardenConfig, environment: string): boolean {
  const env = config.environments[environment];
  // An environment removed from the config since the request counts as protected.
  return env !== undefined && !env.protected && env.allowSelfApproval;
}

const viewPayload = z.object({ summary: z.string(), resource: resourceRefSchema, diff: z.string().default("") });

function viewOf(r: ApprovalRequest, config: HardenConfig): ApprovalRequestView {
  const p = viewPayload.safeParse(r.payload);
  return {
    id: r.id,
    kind: r.kind,
    environment: r.environment,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    expiresAt: r.expiresAt,
    summary: p.success ? p.data.summary : "(the request's details could not be read)",
    resource: p.success ? (p.data.resource as ResourceRef) : { kind: "Unknown", name: "unknown" },
    diff: p.success ? p.data.diff : "",
    selfApprovalAllowed: selfApprovalAllowed(config, r.environment),
  };
}

const isLive = (config: HardenConfig, environment: string): boolean => {
  const source = config.environments[environment]?.kubernetes;
  return source !== undefined && !("snapshot" in source);
};

/** Posts the approval message and remembers where, so the decision can replace its buttons. */
async function postApproval(deps: Pick<ApprovalDeps, "config" | "approvals" | "notifier" | "trail">, request: ApprovalRequest, userId: string, askedIn: string | undefined) {
  const channel = request.channel!;
  try {
    const posted = await deps.notifier.post(channel, renderApprovalRequest(viewOf(request, deps.config)));
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

function createRequest(
  deps: Pick<ApprovalDeps, "approvals" | "approvalTtlMs">,
  r: { environment: string; kind: "remediation" | "waiver"; userId: string; now: Date; payload: Record<string, unknown>; channel: string },
): Promise<ApprovalRequest> {
  return deps.approvals.create({
    environment: r.environment,
    kind: r.kind,
    requestedBy: r.userId,
    requestedAt: r.now.toISOString(),
    expiresAt: new Date(r.now.getTime() + (deps.approvalTtlMs ?? APPROVAL_TTL_MS)).toISOString(),
    payload: r.payload,
    channel: r.channel,
  });
}

function requestedReply(request: ApprovalRequest, config: HardenConfig, what: string): ChatMessage {
  const who_ = selfApprovalAllowed(config, request.environment) ? "an approver (you included)" : "an approver other than you";
  return notice(
    ":ballot_box_with_check:",
    `Asked for approval to ${escapeMrkdwn(what)}. Request ${code(request.id)} goes to ${channelLink(request.channel!)}; ${who_} must decide before ${slackDate(request.expiresAt)}.`,
  );
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
  // The patch is planned against the object as it is now, not as the audit saw it.
  const snapshot: ClusterSnapshot = {
    schemaVersion: 1,
    source: { type: "live", description: `remediation preview of ${resourcePlain(objectRef)}`, capturedAt: now.toISOString() },
    objects: [live],
    kubeletConfigs: {},
    visibility: { [live.kind]: { state: "listed" } },
    complete: false,
    notes: [],
  };
  const plan = planRemediation(snapshot, check, { resource, message: finding.message }, auditSettingsFor(deps.config, environment), now);
  if (!plan)
    return refuse(
      `No patch for ${escapeMrkdwn(resourcePlain(resource))}: the live object may already be fixed, or it cannot be changed safely in place. Run ${code(`/harden audit ${environment}`)} to check.`,
      environment,
      "no patch",
    );

  const channel = env.channel ?? input.channelId;
  if (!channel) return refuse(`*${escapeMrkdwn(environment)}* has no channel for approvals.`, environment, "no channel");
  const diff = redactSecrets(patchDiff(live, plan) ?? "(no preview: the patch is shown as the server will receive it)\n" + JSON.stringify(plan.patch, null, 2));
  const payload: RemediationApprovalPayload = {
    checkId: check.id,
    fingerprint,
    runId,
    resource: plan.resource,
    patch: plan.patch,
    patchType: plan.patchType,
    summary: redactSecrets(plan.summary),
    ...(live.metadata.resourceVersion ? { resourceVersion: live.metadata.resourceVersion } : {}),
    diff,
  };
  const request = await createRequest(deps, { environment, kind: "remediation", userId, now, payload, channel });
  await deps.trail.record({
    actor: userId,
    action: "approval.request",
    environment,
    target: request.id,
    outcome: "ok",
    details: { kind: "remediation", checkId: check.id, fingerprint, runId, resource: resourcePlain(resource), resourceVersion: payload.resourceVersion ?? null },
  });
  return {
    status: "requested",
    request,
    reply: requestedReply(request, deps.config, `fix ${resourcePlain(resource)}`),
    afterAck: () => postApproval(deps, request, userId, input.channelId),
  };
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

  const now = deps.clock();
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
  const request = await createRequest(deps, { environment, kind: "waiver", userId, now, payload, channel });
  await deps.trail.record({
    actor: userId,
    action: "approval.request",
    environment,
    target: request.id,
    outcome: "ok",
    details: { kind: "waiver", checkId: finding.checkId, fingerprint, days, reason, resource: resourcePlain(resource) },
  });
  return {
    status: "requested",
    request,
    reply: requestedReply(request, deps.config, `waive ${finding.checkId} on ${resourcePlain(resource)} for ${days} days`),
    afterAck: () => postApproval(deps, request, userId, input.channelId),
  };
}

// ---------------------------------------------------------------------------
// Decisions

export interface DecisionInput {
  userId: string;
  requestId: string;
  decision: ApprovalDecision;
}

const DECIDED_WORD: Record<string, string> = { approved: "approved", executed: "approved", failed: "approved", rejected: "rejected", expired: "expired" };

const SETTLED: ReadonlySet<string> = new Set(["executed", "failed"]);

function updateMessage(deps: Pick<ApprovalDeps, "notifier" | "config" | "approvals">, decided: ApprovalRequest, status: DecidedStatus): () => Promise<void> {
  return async () => {
    // The remediation job may have finished (and updated the message) before this
    // runs: re-read, so "approved, running" never overwrites "done".
    const latest = (await deps.approvals.get(decided.id)) ?? decided;
    const r = SETTLED.has(latest.status) ? latest : decided;
    const shown: DecidedStatus = SETTLED.has(latest.status) ? (latest.status as DecidedStatus) : status;
    if (!r.channel || !r.messageTs) return;
    await deps.notifier.update(
      { channel: r.channel, ts: r.messageTs },
      renderApprovalDecided({
        ...viewOf(r, deps.config),
        status: shown,
        decidedBy: shown === "expired" ? null : r.decidedBy,
        decidedAt: shown === "expired" ? r.expiresAt : (r.decidedAt ?? r.expiresAt),
        outcome: r.outcome,
      }),
    );
  };
}

const DAY_MS = 24 * 3600_000;

/** Carries out an approved request; what it returns is the request with its outcome, if any was recorded. */
async function carryOut(decided: ApprovalRequest, deps: ApprovalDeps, now: Date): Promise<{ request: ApprovalRequest; status: "approved" | "executed" | "failed"; jobId?: string }> {
  const failWith = async (outcome: string) => ({ request: await deps.approvals.recordOutcome(decided.id, "failed", outcome), status: "failed" as const });
  if (decided.kind === "remediation") {
    if (!deps.jobKinds.has("remediation")) return failWith("Remediation jobs are not available in this version yet; nothing was applied.");
    try {
      const { jobId } = await deps.queue.enqueue("remediation", { approvalId: decided.id }, { requestedBy: decided.decidedBy ?? "system" });
      return { request: decided, status: "approved", jobId };
    } catch (err) {
      // Approved but not queued: say so on the request, so nobody waits for a patch that will not come.
      const why = err instanceof UnavailableError ? "the job queue was unavailable" : "the job could not be queued";
      return failWith(`Approved, but ${why}: nothing was applied. Ask for the remediation again.`);
    }
  }
  if (decided.kind === "waiver") {
    const parsed = waiverPayloadSchema.safeParse(decided.payload);
    if (!parsed.success) return failWith("The waiver request could not be read; no waiver was recorded.");
    const p = parsed.data;
    const expiresAt = new Date(now.getTime() + p.days * DAY_MS).toISOString();
    try {
      const exception = await deps.history.addException({
        environment: decided.environment,
        checkId: p.checkId,
        namespace: p.resource.namespace ?? null,
        kind: p.resource.kind,
        name: p.resource.name,
        selector: null,
        container: p.resource.container ?? null,
        fingerprint: p.fingerprint,
        reason: p.reason,
        owner: decided.requestedBy,
        expiresAt,
        createdBy: decided.decidedBy ?? "system",
        createdAt: now.toISOString(),
      });
      const request = await deps.approvals.recordOutcome(decided.id, "executed", `Waiver #${exception.id} is in force until ${utcTime(expiresAt)}.`);
      return { request, status: "executed" };
    } catch {
      return failWith("The waiver could not be recorded; the finding is not waived. Ask again.");
    }
  }
  return failWith("Approving this kind of request is not available in this version yet; nothing was done.");
}

export async function decideApproval(input: DecisionInput, deps: ApprovalDeps): Promise<ApprovalOutcome> {
  const { userId, requestId, decision } = input;
  const action = decision === "approved" ? "approval.approve" : "approval.reject";
  const now = deps.clock();

  // Read first so a denial is filed under the request's environment; the role is checked before anything is decided.
  const request = await deps.approvals.get(requestId);
  const refusal = await denyUnless(
    deps,
    userId,
    "approver",
    { action, target: requestId, environment: request?.environment ?? null, details: { reason: "role" } },
    decision === "approved" ? "approve requests" : "reject requests",
  );
  if (refusal) return refusal;
  const notFound = async (): Promise<ApprovalOutcome> => {
    await deps.trail.record({ actor: userId, action, target: requestId, outcome: "failed", details: { reason: "not found" } });
    return { status: "not_found", reply: notice(":grey_question:", "This approval request does not exist; nothing was done.") };
  };
  if (!request) return notFound();

  if (decision === "approved" && request.requestedBy === userId && !selfApprovalAllowed(deps.config, request.environment)) {
    await deps.trail.record({ actor: userId, action, environment: request.environment, target: requestId, outcome: "denied", details: { reason: "self-approval" } });
    return {
      status: "denied",
      request,
      reply: notice(":no_entry:", "You asked for this change, so someone else must approve it: four eyes, not two. Nothing was done."),
    };
  }

  const result = await deps.approvals.decide(requestId, { decision, by: userId, at: now });
  if (!result.ok) {
    if (result.reason === "not_found") return notFound();
    const r = result.request;
    await deps.trail.record({ actor: userId, action, environment: r.environment, target: requestId, outcome: "failed", details: { reason: result.reason } });
    if (result.reason === "expired") {
      return {
        status: "expired",
        request: r,
        reply: notice(":alarm_clock:", `This request expired at ${slackDate(r.expiresAt)}; nothing was done. Ask again if it is still needed.`),
        afterAck: updateMessage(deps, r, "expired"),
      };
    }
    const word = DECIDED_WORD[r.status] ?? r.status;
    const by = r.decidedBy ? ` by ${who(r.decidedBy)}` : "";
    const at = r.decidedAt ? ` at ${slackDate(r.decidedAt)}` : "";
    return { status: "already_decided", request: r, reply: notice(":information_source:", `This request was already ${word}${by}${at}; nothing more was done.`) };
  }

  const decided = result.request;
  if (decision === "rejected") {
    await deps.trail.record({ actor: userId, action, environment: decided.environment, target: requestId, outcome: "ok", details: { kind: decided.kind } });
    return {
      status: "rejected",
      request: decided,
      reply: notice(":no_entry_sign:", `Rejected request ${code(decided.id)}; nothing will be done.`),
      afterAck: updateMessage(deps, decided, "rejected"),
    };
  }

  const done = await carryOut(decided, deps, now);
  await deps.trail.record({
    actor: userId,
    action,
    environment: decided.environment,
    target: requestId,
    outcome: done.status === "failed" ? "failed" : done.status === "approved" ? "queued" : "ok",
    details: { kind: decided.kind, ...(done.jobId ? { jobId: done.jobId } : {}), ...(done.request.outcome ? { outcome: done.request.outcome } : {}) },
  });
  const reply =
    done.status === "approved"
      ? notice(":white_check_mark:", `Approved request ${code(decided.id)}: the change is dry-run on the server, then applied. The approval message will show the outcome.`)
      : done.status === "executed"
        ? notice(":white_check_mark:", `Approved request ${code(decided.id)}. ${escapeMrkdwn(done.request.outcome ?? "")}`)
        : notice(":x:", `Approved request ${code(decided.id)}, but: ${escapeMrkdwn(done.request.outcome ?? "it failed")}`);
  return { status: done.status, request: done.request, reply, afterAck: updateMessage(deps, done.request, done.status) };
}
