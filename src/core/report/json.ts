// The JSON output is a contract (schemaVersion 1): fields are only ever added.
import type { AuditReport, Finding } from "../audit/engine.js";
import type { References } from "../checks/types.js";

export interface JsonFinding {
  fingerprint: string;
  checkId: string;
  title: string;
  severity: Finding["severity"];
  category: Finding["category"];
  status: Finding["status"];
  resource: { apiVersion: string | null; kind: string; namespace: string | null; name: string; container: string | null };
  message: string;
  references: Required<References>;
  remediation: string;
  fixable: boolean;
  waiver?: Finding["waiver"];
  isNew?: boolean;
}

export interface JsonReportOptions {
  includePassed?: boolean;
  /** Fingerprints that are new since the previous run, when history is known. */
  newFingerprints?: ReadonlySet<string>;
}

export function toJsonFinding(f: Finding, isNew?: boolean): JsonFinding {
  return {
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    category: f.category,
    status: f.status,
    resource: {
      apiVersion: f.resource.apiVersion ?? null,
      kind: f.resource.kind,
      namespace: f.resource.namespace ?? null,
      name: f.resource.name,
      container: f.resource.container ?? null,
    },
    message: f.message,
    references: {
      cis: f.references.cis ?? [],
      kubescape: f.references.kubescape ?? [],
      polaris: f.references.polaris ?? [],
      kubeScore: f.references.kubeScore ?? [],
      checkov: f.references.checkov ?? [],
      trivy: f.references.trivy ?? [],
    },
    remediation: f.remediation,
    fixable: f.fixable,
    ...(f.waiver ? { waiver: f.waiver } : {}),
    ...(isNew !== undefined ? { isNew } : {}),
  };
}

export function toJsonReport(report: AuditReport, options: JsonReportOptions = {}) {
  const findings = report.findings
    .filter((f) => options.includePassed || f.status !== "pass")
    .map((f) => toJsonFinding(f, options.newFingerprints ? options.newFingerprints.has(f.fingerprint) : undefined));
  return {
    schemaVersion: 1 as const,
    environment: report.environment,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    score: report.score,
    scoreByCategory: report.scoreByCategory,
    scoreExplanation: report.scoreExplanation,
    summary: report.summary,
    platform: report.platform,
    source: report.source,
    notes: report.notes,
    findings,
  };
}
