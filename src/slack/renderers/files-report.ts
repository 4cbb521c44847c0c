// The full report as files for `files.uploadV2`, used when the card overflows:
// Markdown for people (every non-pass result in one table) and JSON for tools (the
// report itself). Files have no Block Kit limits, so nothing is cut here.
import type { AuditReport, Finding } from "../../core/audit/engine.js";
import { FINDING_STATUSES, SEVERITIES } from "../../core/checks/types.js";
import { scoreText, severityRank, utcTime } from "./format.js";

export interface FilesReport {
  /** File name without extension: `harden-audit-<env>-<yyyymmddThhmm>`. */
  basename: string;
  markdown: string;
  json: string;
}

/**
 * A table cell: one line, pipes escaped so a message can never break the table, and
 * `<` escaped so "<none>" is not taken for an HTML tag by a Markdown viewer.
 */
function cell(text: string | undefined): string {
  if (text === undefined || text === "") return "";
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "\\<").replace(/\r?\n/g, " ");
}

const statusRank = (s: Finding["status"]) => FINDING_STATUSES.indexOf(s);

export function renderFilesReport(report: AuditReport): FilesReport {
  const rows = report.findings
    .filter((f) => f.status !== "pass")
    .sort(
      (a, b) =>
        statusRank(a.status) - statusRank(b.status) ||
        severityRank(a.severity) - severityRank(b.severity) ||
        (a.resource.namespace ?? "").localeCompare(b.resource.namespace ?? "") ||
        a.resource.kind.localeCompare(b.resource.kind) ||
        a.resource.name.localeCompare(b.resource.name) ||
        (a.resource.container ?? "").localeCompare(b.resource.container ?? "") ||
        a.checkId.localeCompare(b.checkId),
    );
  const st = report.summary.byStatus;
  const sev = SEVERITIES.map((s) => `${report.summary.bySeverity[s]} ${s}`).join(", ");
  const lines = [
    `# harden audit: ${report.environment}`,
    "",
    `- Score: ${scoreText(report.score)}`,
    `- ${report.scoreExplanation}`,
    `- Results: ${st.fail} fail, ${st.unknown} unknown, ${st.waived} waived, ${st.not_applicable} not applicable, ${st.pass} pass`,
    `- Failing by severity: ${sev}`,
    `- Source: ${report.source.description}`,
    `- Run: ${utcTime(report.startedAt)} to ${utcTime(report.finishedAt)}`,
    "",
    "## Findings that did not pass",
    "",
  ];
  if (rows.length === 0) lines.push("None.");
  else {
    lines.push("| Status | Severity | Check | Namespace | Resource | Container | Message | Fingerprint |");
    lines.push("|---|---|---|---|---|---|---|---|");
    for (const f of rows) {
      const waiver = f.waiver ? ` (waived by ${f.waiver.owner} until ${f.waiver.expiresAt.slice(0, 10)}: ${f.waiver.reason})` : "";
      lines.push(
        `| ${f.status} | ${f.severity} | ${cell(f.checkId)} | ${cell(f.resource.namespace)} | ${cell(`${f.resource.kind}/${f.resource.name}`)} | ${cell(f.resource.container)} | ${cell(f.message + waiver)} | ${f.fingerprint} |`,
      );
    }
  }
  if (report.notes.length > 0) {
    lines.push("", "## Notes", "", ...report.notes.map((n) => `- ${n.replace(/\r?\n/g, " ")}`));
  }
  const stamp = report.finishedAt.replace(/[-:]/g, "").slice(0, 13);
  return {
    basename: `harden-audit-${report.environment}-${stamp}`,
    markdown: lines.join("\n") + "\n",
    json: JSON.stringify(report, null, 2) + "\n",
  };
}
