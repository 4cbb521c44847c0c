// What the approval use cases (asking, deciding) share: their dependencies, the
// outcome they hand the Slack edge, one-line answers, and the role check that
// records a denial before saying no.
import type { CheckDefinition } from "../core/checks/types.js";
import type { HardenConfig } from "../core/config/schema.js";
import { NotAllowedError } from "../core/errors.js";
import type { ApprovalRepository, ApprovalRequest } from "../ports/approvals.js";
import type { ClusterWriter } from "../ports/cluster-writer.js";
import type { HistoryRepository } from "../ports/history.js";
import type { JobQueue } from "../ports/job-queue.js";
import type { ChatMessage, Notifier } from "../ports/notifier.js";
import { section } from "../slack/renderers/blocks.js";
import { renderDenied } from "../slack/renderers/command-replies.js";
import { escapeMrkdwn, finishMessage } from "../slack/renderers/limits.js";
import type { AuditTrail } from "./audit-trail.js";
import { RoleRequiredError, type Authorizer } from "./authorize.js";

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
export function notice(emoji: string, mrkdwnLine: string): ChatMessage {
  return finishMessage(mrkdwnLine, [section(`${emoji} ${mrkdwnLine}`)]);
}

function denied(err: unknown, action: string): ChatMessage {
  if (err instanceof RoleRequiredError && err.unresolvedGroups.length > 0) return notice(":no_entry:", escapeMrkdwn(err.message));
  const role = err instanceof RoleRequiredError ? err.requiredRole : "operator";
  return renderDenied({ action, requiredRole: role });
}

/** Checks the role; when it is missing, records the denial and returns the answer to give. */
export async function denyUnless(
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
