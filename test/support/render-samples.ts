// Hand-built inputs for the renderer tests. Built here rather than by running the
// audit engine over the catalog, so a golden file changes only when rendering does.
import type { AuditReport, Finding } from "../../src/core/audit/engine.js";
import { findingFingerprint } from "../../src/core/audit/fingerprint.js";
import { scorePosture } from "../../src/core/audit/scoring.js";
import { defineCheck, SEVERITIES, type CheckDefinition, type Category, type FindingStatus, type ResourceRef, type Severity } from "../../src/core/checks/types.js";
import type { AuditDiffInput } from "../../src/slack/renderers/audit-groups.js";

export const STARTED = "2026-03-02T09:30:00.000Z";
export const FINISHED = "2026-03-02T09:30:04.000Z";

export interface FindingSpec {
  checkId: string;
  severity: Severity;
  status?: FindingStatus;
  resource: ResourceRef;
  message: string;
  title?: string;
  category?: Category;
  fixable?: boolean;
  waiver?: Finding["waiver"];
}

export function finding(s: FindingSpec): Finding {
  const f: Finding = {
    fingerprint: findingFingerprint(s.checkId, s.resource),
    checkId: s.checkId,
    title: s.title ?? `Title of ${s.checkId}`,
    severity: s.severity,
    category: s.category ?? "pod-security",
    status: s.status ?? "fail",
    resource: s.resource,
    message: s.message,
    references: {},
    remediation: `Remediation for ${s.checkId}: change the \`spec\` so it passes.`,
    fixable: s.fixable ?? false,
  };
  if (s.waiver) f.waiver = s.waiver;
  return f;
}

export function reportOf(findings: Finding[], overrides: Partial<AuditReport> = {}): AuditReport {
  const score = scorePosture(findings);
  const byStatus = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, waived: 0 };
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) {
    byStatus[f.status]++;
    if (f.status === "fail") bySeverity[f.severity]++;
  }
  return {
    schemaVersion: 1,
    environment: "prod",
    startedAt: STARTED,
    finishedAt: FINISHED,
    source: { type: "live", description: "live context prod-admin", capturedAt: STARTED },
    platform: { name: "kubeadm", managedControlPlane: false, evidence: [] },
    score: score.overall,
    scoreByCategory: score.byCategory,
    scoreExplanation: score.explanation,
    summary: { byStatus, bySeverity },
    notes: [],
    findings,
    ...overrides,
  };
}

const api = (container?: string): ResourceRef => ({ apiVersion: "apps/v1", kind: "Deployment", namespace: "payments", name: "api", ...(container ? { container } : {}) });

export const privilegedApi = finding({
  checkId: "privileged-container",
  title: "Containers must not run privileged",
  severity: "critical",
  resource: api("app"),
  message: "container app runs privileged",
  fixable: true,
});
export const rootApi = finding({
  checkId: "run-as-non-root",
  title: "Containers must run as a non-root user",
  severity: "high",
  resource: api("app"),
  message: "container app may run as root (runAsNonRoot is not set)",
  fixable: true,
});
export const limitsApi = finding({
  checkId: "memory-limits",
  title: "Containers should set a memory limit",
  severity: "medium",
  resource: api("sidecar"),
  message: "container sidecar has no memory limit (requests <none> & limits <none>)",
});
export const hostPathDb = finding({
  checkId: "host-path-volume",
  title: "Pods must not mount host paths",
  severity: "high",
  resource: { kind: "StatefulSet", namespace: "payments", name: "db" },
  message: "volume data mounts /var/lib/db from the host",
});
export const hostPidAgent = finding({
  checkId: "host-pid",
  title: "Pods must not share the host PID namespace",
  severity: "high",
  resource: { kind: "DaemonSet", namespace: "monitoring", name: "node-agent" },
  message: "hostPID is true",
});
export const adminBinding = finding({
  checkId: "cluster-admin-binding",
  title: "Only break-glass identities may hold cluster-admin",
  severity: "critical",
  category: "rbac",
  resource: { kind: "ClusterRoleBinding", name: "legacy-admin" },
  message: "group system:authenticated is bound to cluster-admin",
});
export const unknownEtcd = finding({
  checkId: "etcd-encryption",
  severity: "high",
  status: "unknown",
  category: "encryption-at-rest",
  resource: { kind: "Cluster", name: "cluster" },
  message: "cannot judge: Pod is forbidden to the auditor",
});
export const unknownKubelet = finding({
  checkId: "kubelet-anonymous-auth",
  severity: "critical",
  status: "unknown",
  category: "kubelet",
  resource: { kind: "Node", name: "node-1" },
  message: "configz could not be read (403)",
});
export const waivedLegacy = finding({
  checkId: "latest-tag",
  severity: "medium",
  status: "waived",
  category: "images",
  resource: { kind: "Deployment", namespace: "legacy", name: "old-app", container: "web" },
  message: "image web:latest uses the latest tag",
  waiver: { id: "w-7", reason: "vendor image, pinned upstream in Q3", owner: "team-legacy", expiresAt: "2026-04-01T00:00:00.000Z" },
});
const passes = [
  finding({ checkId: "privileged-container", severity: "critical", status: "pass", resource: { kind: "Deployment", namespace: "web", name: "front", container: "nginx" }, message: "not privileged" }),
  finding({ checkId: "run-as-non-root", severity: "high", status: "pass", resource: { kind: "Deployment", namespace: "web", name: "front", container: "nginx" }, message: "runs as non-root" }),
  finding({ checkId: "host-pid", severity: "high", status: "pass", resource: { kind: "Deployment", namespace: "web", name: "front" }, message: "hostPID not set" }),
  finding({ checkId: "memory-limits", severity: "medium", status: "pass", resource: { kind: "Deployment", namespace: "web", name: "front", container: "nginx" }, message: "limit set" }),
  finding({ checkId: "audit-log", severity: "medium", status: "not_applicable", category: "audit-logging", resource: { kind: "Cluster", name: "cluster" }, message: "managed control plane" }),
];

export const sampleReport: AuditReport = reportOf(
  [hostPidAgent, privilegedApi, limitsApi, rootApi, hostPathDb, adminBinding, unknownEtcd, unknownKubelet, waivedLegacy, ...passes],
  { notes: ["namespace kube-system skipped: listed in systemNamespaces"] },
);

export const fixedSinceLast = finding({
  checkId: "host-network",
  title: "Pods must not use the host network",
  severity: "high",
  resource: { kind: "Deployment", namespace: "web", name: "front" },
  message: "hostNetwork is true",
});

export const sampleDiff: AuditDiffInput = {
  new: [privilegedApi, adminBinding],
  fixed: [fixedSinceLast],
  persisting: [rootApi, limitsApi, hostPathDb, hostPidAgent],
};

/** Many groups, long messages: more than any one message may hold. */
export function hugeReport(groups: number, perGroup: number, messageLength = 400): AuditReport {
  const findings: Finding[] = [];
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < perGroup; i++) {
      findings.push(
        finding({
          checkId: `check-${String(i).padStart(3, "0")}`,
          severity: SEVERITIES[(g + i) % 4]!,
          resource: { kind: "Deployment", namespace: `team-${g % 7}`, name: `svc-${String(g).padStart(3, "0")}`, container: `c${i}` },
          message: `problem <${i}> & details `.repeat(Math.ceil(messageLength / 24)).slice(0, messageLength),
          fixable: i % 3 === 0,
        }),
      );
    }
  }
  return reportOf(findings);
}

export const sampleCheck: CheckDefinition = defineCheck({
  id: "privileged-container",
  title: "Containers must not run privileged",
  severity: "critical",
  category: "pod-security",
  needs: ["objects"],
  kinds: ["Pod", "Deployment", "StatefulSet"],
  references: { cis: ["5.2.2"], kubescape: ["C-0057"], polaris: ["runAsPrivileged"], trivy: ["KSV-0017"] },
  description: "A privileged container has **every capability** and access to all host devices; see [the Pod Security Standards](https://kubernetes.io/docs/concepts/security/pod-security-standards/).",
  remediation: "Remove `securityContext.privileged: true`. Grant the specific capability the workload needs instead.",
  evaluate: () => [],
  fix: () => undefined,
});
