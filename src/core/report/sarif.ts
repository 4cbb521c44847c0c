// SARIF 2.1.0 so results show up in GitHub code scanning and other SARIF viewers.
import type { AuditReport } from "../audit/engine.js";
import type { CheckDefinition, Severity } from "../checks/types.js";
import { resourceLabel } from "./order.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

// GitHub ranks results by this numeric property (0-10).
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "0.0" };

export function toSarif(report: AuditReport, catalog: readonly CheckDefinition[], toolVersion: string) {
  const shown = report.findings.filter((f) => f.status === "fail" || f.status === "waived");
  const ruleIds = [...new Set(shown.map((f) => f.checkId))].sort();
  const byId = new Map(catalog.map((c) => [c.id, c]));
  const rules = ruleIds.map((id) => {
    const c = byId.get(id);
    return {
      id,
      name: id,
      shortDescription: { text: c?.title ?? id },
      fullDescription: { text: c?.description ?? "" },
      help: { text: c?.remediation ?? "", markdown: c?.remediation ?? "" },
      defaultConfiguration: { level: c ? LEVEL[c.severity] : "warning" },
      properties: {
        category: c?.category,
        "security-severity": c ? SECURITY_SEVERITY[c.severity] : "5.0",
        tags: ["security", "kubernetes", c?.category ?? "misc"],
        references: c?.references ?? {},
      },
    };
  });
  const results = shown.map((f) => ({
    ruleId: f.checkId,
    ruleIndex: ruleIds.indexOf(f.checkId),
    level: LEVEL[f.severity],
    message: { text: `${resourceLabel(f)}: ${f.message}` },
    locations: [
      {
        logicalLocations: [{ name: f.resource.name, fullyQualifiedName: resourceLabel(f), kind: f.resource.kind }],
      },
    ],
    partialFingerprints: { "harden/v1": f.fingerprint },
    ...(f.waiver
      ? { suppressions: [{ kind: "external", status: "accepted", justification: `${f.waiver.reason} (owner ${f.waiver.owner}, expires ${f.waiver.expiresAt})` }] }
      : {}),
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "harden", version: toolVersion, informationUri: "https://github.com/harden-dev/harden", rules } },
        invocations: [{ executionSuccessful: true, startTimeUtc: report.startedAt, endTimeUtc: report.finishedAt }],
        properties: { environment: report.environment, score: report.score },
        results,
      },
    ],
  };
}
