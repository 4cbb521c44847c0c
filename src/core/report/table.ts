// The default CLI output: one line per finding, worst first, then the summary.
// Colour is injected by the caller (only on a TTY), so this stays pure.
import type { AuditReport, Finding } from "../audit/engine.js";
import { compareFindings, resourceLabel } from "./order.js";

export type Paint = (style: "red" | "yellow" | "green" | "gray" | "bold" | "cyan" | "magenta", text: string) => string;
const plain: Paint = (_s, t) => t;

const STATUS_STYLE: Record<Finding["status"], Parameters<Paint>[0]> = {
  fail: "red",
  unknown: "yellow",
  waived: "cyan",
  not_applicable: "gray",
  pass: "green",
};

function truncate(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + "…";
}

export function toTable(
  report: AuditReport,
  options: { includePassed?: boolean; paint?: Paint; width?: number; newFingerprints?: ReadonlySet<string> } = {},
): string {
  const paint = options.paint ?? plain;
  const width = options.width ?? 160;
  // Not-applicable results are noise on a terminal (counted in the summary line);
  // --include-passed shows everything.
  const shown = report.findings
    .filter((f) => options.includePassed || (f.status !== "pass" && f.status !== "not_applicable"))
    .sort(compareFindings);
  const rows = shown.map((f) => ({
    status: f.status + (options.newFingerprints?.has(f.fingerprint) ? "*" : ""),
    f,
    severity: f.severity,
    check: f.checkId,
    resource: resourceLabel(f),
    message: f.message,
  }));
  const w = {
    status: Math.max(6, ...rows.map((r) => r.status.length)),
    severity: 8,
    check: Math.min(40, Math.max(5, ...rows.map((r) => r.check.length))),
    resource: Math.min(60, Math.max(8, ...rows.map((r) => r.resource.length))),
  };
  const fixed = w.status + w.severity + w.check + w.resource + 8;
  const msgWidth = Math.max(20, width - fixed);
  const out: string[] = [];
  if (rows.length > 0) {
    out.push(
      paint(
        "bold",
        ["STATUS".padEnd(w.status), "SEVERITY".padEnd(w.severity), "CHECK".padEnd(w.check), "RESOURCE".padEnd(w.resource), "MESSAGE"].join("  "),
      ),
    );
    for (const r of rows) {
      out.push(
        [
          paint(STATUS_STYLE[r.f.status], r.status.padEnd(w.status)),
          r.severity.padEnd(w.severity),
          truncate(r.check, w.check).padEnd(w.check),
          truncate(r.resource, w.resource).padEnd(w.resource),
          truncate(r.message, msgWidth),
        ].join("  "),
      );
    }
    out.push("");
  }
  const s = report.summary;
  out.push(
    paint("bold", `${report.environment}: score ${report.score ?? "n/a"}/100`) +
      `  (${report.platform.name}, ${report.source.description})`,
    paint("gray", report.scoreExplanation),
    `results: ${Object.entries(s.byStatus).map(([k, v]) => `${k} ${v}`).join(", ")}; ` +
      `failures: ${Object.entries(s.bySeverity).map(([k, v]) => `${k} ${v}`).join(", ")}`,
  );
  if (options.newFingerprints) out.push(paint("gray", "* new since the previous run"));
  for (const n of report.notes) out.push(paint("gray", `note: ${n}`));
  return out.join("\n") + "\n";
}
