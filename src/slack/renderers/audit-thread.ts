// The audit card's thread: per group, every failing finding with its id (for
// `/harden waive`) and how to fix it; then what could not be judged, what is waived,
// what was fixed since the last run, and the snapshot's notes. Chunked into messages
// within Slack's limits, and capped so a huge report does not flood the thread: past
// the cap the reader is sent to the attached files.
import type { AuditReport } from "../../core/audit/engine.js";
import { context, section, type Block, type RenderedMessage } from "./blocks.js";
import { byStatus, failingGroups, isNewIn, type AuditDiffInput } from "./audit-groups.js";
import { code, findingLine, plural, proseToMrkdwn, resourceLabel, slackDate, toFindingView } from "./format.js";
import { LIMITS, clampChars, clampLines, escapeMrkdwn, finishMessage } from "./limits.js";

/** More than this and the thread stops; the files carry the rest. */
export const MAX_THREAD_MESSAGES = 10;
const DETAIL_MESSAGE_CHARS = 800;
const REMEDIATION_CHARS = 900;
const MESSAGE_RESERVE_CHARS = 400;

/** Splits a titled list into section texts of at most the section limit; later parts say "(continued)". */
function packSections(title: string, lines: string[]): string[] {
  const out: string[] = [];
  let current = title;
  const max = LIMITS.sectionText;
  for (const raw of lines) {
    const line = clampLines(raw, max - title.length - 20);
    if (current.length + 1 + line.length > max) {
      out.push(current);
      current = `${title} (continued)`;
    }
    current += `\n${line}`;
  }
  out.push(current);
  return out;
}

export interface AuditThread {
  messages: RenderedMessage[];
  /** Sections were left out past MAX_THREAD_MESSAGES. */
  truncated: boolean;
}

export function buildAuditThread(report: AuditReport, diff: AuditDiffInput | null): AuditThread {
  const isNew = isNewIn(diff);
  const remediationOf = new Map(report.findings.map((f) => [f.checkId, f.remediation]));
  const sections: string[] = [];

  for (const g of failingGroups(report, diff)) {
    const lines = g.findings.map(
      (f) => `${findingLine({ ...f, message: clampChars(f.message, DETAIL_MESSAGE_CHARS) }, { isNew: isNew(f) })} · id ${code(f.fingerprint)}`,
    );
    for (const checkId of new Set(g.findings.map((f) => f.checkId))) {
      const how = remediationOf.get(checkId);
      if (how) lines.push(`_How to fix_ ${code(checkId)}: ${proseToMrkdwn(clampChars(how, REMEDIATION_CHARS))}`);
    }
    sections.push(...packSections(`*${resourceLabel(g.owner)}* (${plural(g.findings.length, "finding")})`, lines));
  }

  const unknown = byStatus(report, "unknown");
  if (unknown.length > 0) {
    const lines = unknown.map((f) => `${code(f.checkId)} on ${resourceLabel(f.resource)}: ${escapeMrkdwn(clampChars(f.message, DETAIL_MESSAGE_CHARS))}`);
    sections.push(...packSections(`:grey_question: *Could not be judged* (${plural(unknown.length, "result")})`, lines));
  }
  const waived = byStatus(report, "waived");
  if (waived.length > 0) {
    const lines = waived.map((f) => {
      const w = f.waiver;
      const why = w ? `: ${escapeMrkdwn(clampChars(w.reason, 300))} (${escapeMrkdwn(w.owner)}, until ${slackDate(w.expiresAt)})` : "";
      return `${code(f.checkId)} on ${resourceLabel(f.resource)}${why}`;
    });
    sections.push(...packSections(`:zzz: *Waived* (${plural(waived.length, "finding")})`, lines));
  }
  if (diff && diff.fixed.length > 0) {
    const lines = diff.fixed.map((f) => findingLine(toFindingView(f), { withResource: true }));
    sections.push(...packSections(`:white_check_mark: *Fixed since last run* (${diff.fixed.length})`, lines));
  }
  if (report.notes.length > 0) {
    sections.push(...packSections(":memo: *Notes*", report.notes.map((n) => `• ${escapeMrkdwn(clampChars(n, 600))}`)));
  }

  // Pack sections into messages; each message keeps room for one closing note.
  const pages: Block[][] = [];
  let page: Block[] = [];
  let size = 0;
  let placed = 0;
  for (const text of sections) {
    const fits = page.length + 2 <= LIMITS.messageBlocks && size + text.length <= LIMITS.messageText - MESSAGE_RESERVE_CHARS;
    if (!fits) {
      if (pages.length + 1 >= MAX_THREAD_MESSAGES) break;
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(section(text));
    size += text.length;
    placed++;
  }
  if (page.length > 0) pages.push(page);
  const truncated = placed < sections.length;
  if (truncated) {
    pages[pages.length - 1]!.push(
      context(`:page_facing_up: …and ${plural(sections.length - placed, "more section")} not shown: the full report is attached as files.`),
    );
  }
  const messages = pages.map((blocks, i) =>
    finishMessage(`${escapeMrkdwn(report.environment)} audit details${pages.length > 1 ? ` (${i + 1}/${pages.length})` : ""}`, blocks),
  );
  return { messages, truncated };
}

/** Thread replies for an audit card, in posting order; empty when there is nothing to detail. */
export function renderAuditThread(report: AuditReport, diff: AuditDiffInput | null): RenderedMessage[] {
  return buildAuditThread(report, diff).messages;
}
