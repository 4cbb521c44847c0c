// JUnit XML: one testsuite per category, one testcase per result, so CI systems
// that only understand test reports can still gate on the audit.
import type { AuditReport, Finding } from "../audit/engine.js";
import { resourceLabel } from "./order.js";

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // Control characters are not allowed in XML 1.0.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

function testcase(f: Finding): string {
  const name = xml(`${f.checkId} ${resourceLabel(f)}`);
  const head = `    <testcase classname="harden.${xml(f.category)}" name="${name}">`;
  switch (f.status) {
    case "fail":
      return `${head}\n      <failure type="${f.severity}" message="${xml(f.message)}">${xml(f.remediation)}</failure>\n    </testcase>`;
    case "pass":
      return `    <testcase classname="harden.${xml(f.category)}" name="${name}"/>`;
    default: {
      const why = f.status === "waived" && f.waiver ? `waived: ${f.waiver.reason}` : `${f.status}: ${f.message}`;
      return `${head}\n      <skipped message="${xml(why)}"/>\n    </testcase>`;
    }
  }
}

export function toJunit(report: AuditReport, options: { includePassed?: boolean } = {}): string {
  const shown = report.findings.filter((f) => options.includePassed || f.status !== "pass");
  const groups = new Map<string, Finding[]>();
  for (const f of shown) groups.set(f.category, [...(groups.get(f.category) ?? []), f]);
  const suites = [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([category, list]) => {
    const failures = list.filter((f) => f.status === "fail").length;
    const skipped = list.filter((f) => f.status !== "fail" && f.status !== "pass").length;
    return `  <testsuite name="${xml(category)}" tests="${list.length}" failures="${failures}" skipped="${skipped}" errors="0" timestamp="${report.startedAt}">\n${list.map(testcase).join("\n")}\n  </testsuite>`;
  });
  const total = shown.length;
  const failures = shown.filter((f) => f.status === "fail").length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="harden audit ${xml(report.environment)}" tests="${total}" failures="${failures}">\n${suites.join("\n")}\n</testsuites>\n`;
}
