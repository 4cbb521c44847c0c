// Test support for the workload check groups: audit one check over inline YAML.
// Pure (no filesystem), so it may live beside the checks.
import { planRemediation, runAudit, type Finding } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import type { ClusterSnapshot } from "../../snapshot/types.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../settings.js";
import type { CheckDefinition, RemediationPatch } from "../types.js";

export function snapshotOf(yaml: string): ClusterSnapshot {
  return snapshotFromManifests([parseManifestText(yaml, "inline.yaml")], {
    description: "inline",
    capturedAt: "2026-01-01T00:00:00Z",
  });
}

export function auditWith(check: CheckDefinition, yaml: string, settings: Partial<AuditSettings> = {}): Finding[] {
  return runAudit(snapshotOf(yaml), {
    environment: "test",
    checks: [check],
    settings: { ...DEFAULT_AUDIT_SETTINGS, ...settings },
    clock: () => new Date("2026-06-01T00:00:00Z"),
    includePassed: true,
  }).findings;
}

/** `status kind/name[/container]` lines, easy to compare in assertions. */
export function verdicts(findings: readonly Finding[]): string[] {
  return findings.map(
    (f) => `${f.status} ${f.resource.kind}/${f.resource.name}${f.resource.container !== undefined ? `/${f.resource.container}` : ""}`,
  );
}

export function fixFor(check: CheckDefinition, yaml: string, finding: Finding): RemediationPatch | undefined {
  return planRemediation(snapshotOf(yaml), check, finding);
}

/** A Deployment in namespace `apps` whose single pod spec is given as YAML (indented for the template). */
export function deployment(name: string, podSpec: string, namespace = "apps"): string {
  const indented = podSpec
    .trim()
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n");
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${indented}
`;
}
