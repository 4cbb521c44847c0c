// The audit job card's final state: score, counts, what could not be judged, then
// the failing findings grouped per namespace and owner, new ones first. What does
// not fit is counted on the card and `overflow` tells the caller to attach the full
// report as files in the thread.
import type { AuditReport } from "../../core/audit/engine.js";
import { SEVERITIES } from "../../core/checks/types.js";
import { button, context, divider, fields, header, section, type Block, type RenderedMessage } from "./blocks.js";
import { byStatus, failingGroups, isNewIn, type AuditDiffInput, type FindingGroup } from "./audit-groups.js";
import { buildAuditThread } from "./audit-thread.js";
import {
  SEVERITY_EMOJI,
  code,
  findingLine,
  plural,
  resourceLabel,
  scoreDelta,
  scoreText,
  slackDate,
  type FindingView,
} from "./format.js";
import { LIMITS, blocksTextLength, boundedList, clampChars, escapeMrkdwn, finishMessage } from "./limits.js";

export type RemediationMode = "enabled" | "snapshot-source" | "disabled";

export interface AuditResultInput {
  environment: string;
  runId: string | number;
  report: AuditReport;
  diff: AuditDiffInput | null;
  previousScore: number | null;
  remediation: RemediationMode;
}

export interface AuditResultMessage extends RenderedMessage {
  /** Findings were left out to fit Slack's limits: attach the full report (renderFilesReport) in the thread. */
  overflow: boolean;
}

/** The card keeps this much room for its closing lines (the overflow note and the source line). */
const TAIL_BLOCKS = 2;
const TAIL_CHARS = 700;
const MAIN_MESSAGE_CHARS = 280;

function headerBlocks(input: AuditResultInput): Block[] {
  const { report, diff, environment } = input;
  const delta = scoreDelta(report.score, input.previousScore);
  const blocks: Block[] = [
    header(`${environment} audit · score ${scoreText(report.score)}${delta ? ` (${delta} since last run)` : ""}`),
    context(escapeMrkdwn(report.scoreExplanation)),
  ];
  const sev = SEVERITIES.filter((s) => report.summary.bySeverity[s] > 0).map(
    (s) => `${SEVERITY_EMOJI[s]} ${report.summary.bySeverity[s]} ${s}`,
  );
  const st = report.summary.byStatus;
  const changes = diff
    ? `*Since last run*\n${diff.new.length} new · ${diff.fixed.length} fixed · ${diff.persisting.length} persisting`
    : "*First run*\nnothing to compare with yet";
  blocks.push(
    fields([
      `*Failing by severity*\n${sev.length ? sev.join("\n") : ":white_check_mark: none"}`,
      `*All results*\n${st.fail} fail · ${st.unknown} unknown · ${st.waived} waived\n${st.pass} pass · ${st.not_applicable} not applicable`,
      changes,
    ]),
  );

  const unknown = byStatus(report, "unknown");
  if (unknown.length > 0) {
    const perCheck = new Map<string, string>();
    for (const f of unknown) if (!perCheck.has(f.checkId)) perCheck.set(f.checkId, f.message);
    const items = [...perCheck].map(([id, why]) => `${code(id)} (${escapeMrkdwn(clampChars(why, 90))})`);
    blocks.push(
      section(
        `:grey_question: *${plural(perCheck.size, "check")} could not be judged* (${plural(unknown.length, "result")}, left out of the score): ` +
          boundedList(items, { maxChars: 900, noun: "checks" }).replace(/\n/g, ", "),
      ),
    );
  }
  const waived = byStatus(report, "waived");
  if (waived.length > 0) {
    const items = waived.map(
      (f) => `${code(f.checkId)} on ${resourceLabel(f.resource)}${f.waiver ? ` until ${slackDate(f.waiver.expiresAt)}` : ""}`,
    );
    blocks.push(
      section(
        `:zzz: *${plural(waived.length, "finding")} waived* (accepted risk, left out of the score):\n` +
          boundedList(items, { maxLines: 5, maxChars: 900, noun: "waived findings" }),
      ),
    );
  }
  const anyFixable = report.findings.some((f) => f.status === "fail" && f.fixable);
  if (anyFixable && input.remediation !== "enabled") {
    blocks.push(
      context(
        input.remediation === "snapshot-source"
          ? `:information_source: No Remediate buttons: ${escapeMrkdwn(environment)} is audited from a snapshot, there is no live object to patch.`
          : `:information_source: Remediation is turned off for ${escapeMrkdwn(environment)}.`,
      ),
    );
  }
  blocks.push(divider());
  return blocks;
}

interface Segment {
  /** The group's owner line, on the group's first section only. */
  heading?: string;
  lines: string[];
  fix?: FindingView;
}

/** A group as sections: non-fixable lines merge; each fixable finding gets its own section and button. */
function groupSegments(g: FindingGroup, isNew: (f: FindingView) => boolean, withButtons: boolean): Segment[] {
  const segments: Segment[] = [];
  for (const f of g.findings) {
    const line = findingLine({ ...f, message: clampChars(f.message, MAIN_MESSAGE_CHARS) }, { isNew: isNew(f) });
    const fixable = withButtons && f.fixable;
    const last = segments[segments.length - 1];
    if (!fixable && last && !last.fix) last.lines.push(line);
    else segments.push(fixable ? { lines: [line], fix: f } : { lines: [line] });
  }
  segments[0]!.heading = `*${resourceLabel(g.owner)}*`;
  return segments;
}

export function renderAuditResult(input: AuditResultInput): AuditResultMessage {
  const { report, diff, environment } = input;
  const blocks = headerBlocks(input);
  const groups = failingGroups(report, diff);
  const isNew = isNewIn(diff);
  const totalFailing = groups.reduce((n, g) => n + g.findings.length, 0);
  const blockBudget = LIMITS.messageBlocks - TAIL_BLOCKS;
  const charBudget = LIMITS.messageText - TAIL_CHARS;

  let shown = 0;
  let groupsShown = 0;
  let full = false;
  // Two results of one check on one container share a fingerprint; block ids must not.
  const blockIds = new Set<string>();
  const blockIdFor = (fp: string) => {
    let id = `remediate:${fp}`;
    for (let n = 2; blockIds.has(id); n++) id = `remediate:${fp}:${n}`;
    blockIds.add(id);
    return id;
  };
  for (const g of groups) {
    const segments = groupSegments(g, isNew, input.remediation === "enabled");
    for (const seg of segments) {
      if (blocks.length + 1 > blockBudget) {
        full = true;
        break;
      }
      // As many lines as fit in one section and in what is left of the message,
      // keeping room for the "…and N more" line.
      const room = Math.min(LIMITS.sectionText, charBudget - blocksTextLength(blocks)) - 60;
      const keep: string[] = seg.heading ? [seg.heading] : [];
      let size = seg.heading ? seg.heading.length : 0;
      let kept = 0;
      for (const line of seg.lines) {
        if (size + line.length + 1 > room) break;
        keep.push(line);
        size += line.length + 1;
        kept++;
      }
      if (kept === 0) {
        full = true;
        break;
      }
      const cut = seg.lines.length - kept;
      if (cut > 0) keep.push(`…and ${plural(cut, "more finding")} in this group`);
      const text = keep.join("\n");
      blocks.push(
        seg.fix && cut === 0
          ? section(text, {
              block_id: blockIdFor(seg.fix.fingerprint),
              accessory: button({ actionId: "remediate", text: "Remediate", value: `${input.runId}:${seg.fix.fingerprint}` }),
            })
          : section(text),
      );
      if (seg.heading) groupsShown++;
      shown += kept;
      if (cut > 0) {
        full = true;
        break;
      }
    }
    if (full) break;
  }

  const thread = buildAuditThread(report, diff);
  const hidden = totalFailing - shown;
  if (totalFailing === 0) {
    blocks.push(section(":white_check_mark: No failing findings."));
  } else if (hidden > 0) {
    const moreGroups = groups.length - groupsShown;
    blocks.push(
      context(
        `:page_facing_up: …and ${plural(hidden, "more failing finding")}${moreGroups > 0 ? ` in ${plural(moreGroups, "more group")}` : ""} not shown here: the full report is attached in the thread (Markdown and JSON).`,
      ),
    );
  } else {
    blocks.push(context(":speech_balloon: What each finding means and how to fix it is in the thread."));
  }
  blocks.push(
    context(`Run ${code(String(input.runId))} · ${escapeMrkdwn(report.source.description)} · finished ${slackDate(report.finishedAt)}`),
  );

  const sev = SEVERITIES.filter((s) => report.summary.bySeverity[s] > 0 && s !== "info")
    .map((s) => `${report.summary.bySeverity[s]} ${s}`)
    .join(", ");
  const delta = scoreDelta(report.score, input.previousScore);
  const text =
    `${escapeMrkdwn(environment)} audit: score ${scoreText(report.score)}${delta ? ` (${delta})` : ""}` +
    (sev ? `, ${sev} failing` : ", nothing failing") +
    (diff ? `; ${diff.new.length} new, ${diff.fixed.length} fixed` : "");
  const msg = finishMessage(text, blocks);
  return { ...msg, overflow: hidden > 0 || thread.truncated };
}
