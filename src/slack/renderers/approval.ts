// Four-eyes approval messages. The buttons carry the request id and nothing else:
// the patch, the requester and the expiry live in the database, and the click
// handler re-reads them and re-checks who clicked. Once decided, the message is
// updated in place without buttons so nobody can click a stale request.
import type { ResourceRef } from "../../core/checks/types.js";
import { actions, button, context, fields, header, section, type Block, type RenderedMessage } from "./blocks.js";
import { codeBlock, resourceLabel, resourcePlain, slackDate, who } from "./format.js";
import { LIMITS, clampLines, escapeMrkdwn, finishMessage } from "./limits.js";

export type ApprovalKindView = "remediation" | "waiver" | "rotation";
export type DecidedStatus = "approved" | "rejected" | "expired" | "executed" | "failed";

export interface ApprovalRequestView {
  id: string;
  kind: ApprovalKindView;
  environment: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  /** One line: what changes and why it is safe (from the patch generator, or the waiver reason). */
  summary: string;
  resource: ResourceRef;
  /** Unified diff of the patch; may be empty for waivers. */
  diff: string;
  /** Outside protected environments the config may let requesters approve their own requests. */
  selfApprovalAllowed?: boolean;
}

export interface ApprovalDecidedView extends ApprovalRequestView {
  status: DecidedStatus;
  /** Null when nobody decided (expired). */
  decidedBy: string | null;
  decidedAt: string;
  /** What happened when the approved action ran (already redacted). */
  outcome?: string | null;
}

const KIND_TITLE: Record<ApprovalKindView, string> = {
  remediation: "Remediation",
  waiver: "Waiver",
  rotation: "Secret rotation",
};

const ACTION: Record<ApprovalKindView, string> = {
  remediation: "apply a fix to",
  waiver: "waive a finding on",
  rotation: "rotate",
};

/** Keeps the whole message well inside the aggregate budget even with a long summary. */
const DIFF_CHARS = 2_600;

function body(r: ApprovalRequestView, decided: boolean): Block[] {
  const blocks: Block[] = [
    section(
      `${who(r.requestedBy)} ${decided ? "asked" : "asks"} to ${ACTION[r.kind]} ${resourceLabel(r.resource)} in *${escapeMrkdwn(r.environment)}*:\n` +
        clampLines(escapeMrkdwn(r.summary), 1_500)
          .split("\n")
          .map((l) => `> ${l}`)
          .join("\n"),
    ),
  ];
  if (r.diff.trim() !== "") blocks.push(section(codeBlock(r.diff, DIFF_CHARS)));
  return blocks;
}

export function renderApprovalRequest(r: ApprovalRequestView): RenderedMessage {
  const blocks: Block[] = [
    header(`Approval needed: ${KIND_TITLE[r.kind].toLowerCase()} in ${r.environment}`),
    ...body(r, false),
    fields([`*Requested*\n${slackDate(r.requestedAt)}`, `*Expires*\n${slackDate(r.expiresAt)}`]),
    actions(
      [
        button({
          actionId: "approval_approve",
          text: "Approve",
          value: r.id,
          style: "primary",
          confirm: {
            title: r.kind === "waiver" ? "Accept this risk?" : "Apply this change?",
            text:
              r.kind === "remediation"
                ? `The patch is dry-run on the server first, then applied to ${escapeMrkdwn(resourcePlain(r.resource))} in ${escapeMrkdwn(r.environment)}.`
                : `This ${KIND_TITLE[r.kind].toLowerCase()} on ${escapeMrkdwn(resourcePlain(r.resource))} in ${escapeMrkdwn(r.environment)} takes effect at once.`,
            confirm: "Approve",
            deny: "Cancel",
          },
        }),
        button({ actionId: "approval_reject", text: "Reject", value: r.id, style: "danger" }),
      ],
      `approval:${r.id}`,
    ),
    context(
      `Request ${escapeMrkdwn(r.id)} · ${r.selfApprovalAllowed ? "approvers, the requester included, may decide" : "an approver other than the requester must decide"}`,
    ),
  ];
  return finishMessage(
    `Approval needed: ${KIND_TITLE[r.kind].toLowerCase()} of ${escapeMrkdwn(resourcePlain(r.resource))} in ${escapeMrkdwn(r.environment)}, requested by ${who(r.requestedBy)}`,
    blocks,
  );
}

const STATUS_LINE: Record<DecidedStatus, { emoji: string; word: string }> = {
  approved: { emoji: ":hourglass_flowing_sand:", word: "Approved, running" },
  rejected: { emoji: ":no_entry_sign:", word: "Rejected" },
  expired: { emoji: ":alarm_clock:", word: "Expired" },
  executed: { emoji: ":white_check_mark:", word: "Done" },
  failed: { emoji: ":x:", word: "Approved, but failed" },
};

export function renderApprovalDecided(d: ApprovalDecidedView): RenderedMessage {
  const s = STATUS_LINE[d.status];
  const decision =
    d.status === "expired"
      ? `${s.emoji} *${s.word}* ${slackDate(d.decidedAt)}: nobody decided in time. Ask again if it is still needed.`
      : `${s.emoji} *${s.word}*${d.decidedBy ? ` by ${who(d.decidedBy)}` : ""} ${slackDate(d.decidedAt)}`;
  const blocks: Block[] = [header(`${KIND_TITLE[d.kind]} in ${d.environment}: ${s.word.toLowerCase()}`), ...body(d, true), section(decision)];
  if (d.outcome) blocks.push(section(`*Outcome*\n${clampLines(escapeMrkdwn(d.outcome), LIMITS.sectionText - 20)}`));
  blocks.push(context(`Request ${escapeMrkdwn(d.id)} · requested by ${who(d.requestedBy)} ${slackDate(d.requestedAt)}`));
  return finishMessage(
    `${KIND_TITLE[d.kind]} of ${escapeMrkdwn(resourcePlain(d.resource))} in ${escapeMrkdwn(d.environment)}: ${s.word.toLowerCase()}`,
    blocks,
  );
}
