// Deciding an approval request. Whoever clicks is checked again at the click (role,
// and not the requester unless the environment allows it), and the pending-to-decided
// step is one atomic update, so a double click or two approvers racing decide it once.
// An approved remediation goes to the queue; an approved waiver is recorded at once.
import { UnavailableError } from "../core/errors.js";
import type { ApprovalDecision, ApprovalRequest } from "../ports/approvals.js";
import { renderApprovalDecided, type DecidedStatus } from "../slack/renderers/approval.js";
import { code, slackDate, utcTime, who } from "../slack/renderers/format.js";
import { escapeMrkdwn } from "../slack/renderers/limits.js";
import { approvalView, selfApprovalAllowed, waiverPayloadSchema } from "./approval-model.js";
import { denyUnless, notice, type ApprovalDeps, type ApprovalOutcome } from "./approval-shared.js";

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
        ...approvalView(r, deps.config),
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
