import type { AuditReport } from "../audit/engine.js";
import { compareFindings, resourceLabel } from "./order.js";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function toMarkdown(report: AuditReport, options: { includePassed?: boolean; newFingerprints?: ReadonlySet<string> } = {}): string {
  const s = report.summary;
  const lines = [
    `# harden audit: ${report.environment}`,
    "",
    `Score **${report.score ?? "n/a"}**/100 (${report.scoreExplanation}).`,
    "",
    `Source: ${report.source.description}; platform: ${report.platform.name}; ${report.startedAt}.`,
    "",
    `| status | count |`,
    `|---|---|`,
    ...Object.entries(s.byStatus).map(([k, v]) => `| ${k} | ${v} |`),
    "",
    `Failures by severity: ${Object.entries(s.bySeverity).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    "",
    `| status | severity | check | resource | message |`,
    `|---|---|---|---|---|`,
  ];
  const shown = report.findings.filter((f) => options.includePassed || f.status !== "pass").sort(compareFindings);
  for (const f of shown) {
    const isNew = options.newFingerprints?.has(f.fingerprint) ? " (new)" : "";
    lines.push(`| ${f.status}${isNew} | ${f.severity} | \`${f.checkId}\` | ${cell(resourceLabel(f))} | ${cell(f.message)} |`);
  }
  if (report.notes.length > 0) lines.push("", "Notes:", ...report.notes.map((n) => `- ${cell(n)}`));
  return lines.join("\n") + "\n";
}
