import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import type { ClusterSnapshot } from "../../snapshot/types.js";
import type { CheckDefinition } from "../types.js";
import { clusterAdminBinding } from "./cluster-admin-binding.js";
import { defineGrantCheck } from "./grant-check.js";
import { rbacNodesProxy } from "./nodes-proxy.js";
import { rbacPodExec } from "./pod-exec.js";

const snapshotOf = (yaml: string): ClusterSnapshot =>
  snapshotFromManifests([parseManifestText(yaml, "test.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" });
const audit = (check: CheckDefinition, yaml: string) =>
  runAudit(snapshotOf(yaml), { environment: "t", checks: [check], includePassed: true, clock: () => new Date("2026-06-01T00:00:00Z") }).findings;

describe("RBAC grant checks", () => {
  it("when a namespaced Role lists nodes/proxy, then nothing is reported because it cannot grant it", () => {
    const findings = audit(
      rbacNodesProxy,
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: node-debug, namespace: ops }
rules: [{ apiGroups: [""], resources: [nodes/proxy], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: node-debug, namespace: ops }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: node-debug }
subjects: [{ kind: User, name: bob }]
`,
    );
    expect(findings).toEqual([]);
  });

  it("when a binding gives exec only to Kubernetes' own identities, then it passes while its role still fails", () => {
    const findings = audit(
      rbacPodExec,
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: node-debugger }
rules: [{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: node-debugger }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-debugger }
subjects: [{ kind: Group, name: "system:nodes" }]
`,
    );
    expect(findings.map((f) => `${f.status} ${f.resource.kind}`).sort()).toEqual(["fail ClusterRole", "pass ClusterRoleBinding"]);
  });

  it("when built-in roles are present, then they are not reported at role level", () => {
    const findings = audit(
      rbacPodExec,
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: admin, labels: { kubernetes.io/bootstrapping: rbac-defaults } }
rules: [{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]
`,
    );
    expect(findings).toEqual([]);
  });

  it("when a RoleBinding hands out cluster-admin, then the message says namespace administrator", () => {
    const [f] = audit(
      clusterAdminBinding,
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-admin, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: "oidc:shop-team" }]
`,
    );
    expect(f?.status).toBe("fail");
    expect(f?.message).toContain("administrators of namespace shop");
  });

  it("when a wildcard reaches a ClusterRole only through aggregation, then the binding still counts as cluster-admin", () => {
    const findings = audit(
      clusterAdminBinding,
      `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: platform }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { aggregate-to-platform: "true" } }] }
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: platform-everything, labels: { aggregate-to-platform: "true" } }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: platform-team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: platform }
subjects: [{ kind: Group, name: "oidc:platform" }]
`,
    );
    expect(findings.find((f) => f.resource.name === "platform-team")?.status).toBe("fail");
  });

  it("when RBAC objects are forbidden to the auditor, then the check is unknown, never a pass", () => {
    const snapshot = snapshotOf(`
apiVersion: harden.dev/v1
kind: HardenSnapshot
complete: true
visibility:
  ClusterRoleBinding: { state: forbidden, reason: "cannot list clusterrolebindings" }
`);
    const report = runAudit(snapshot, { environment: "t", checks: [clusterAdminBinding, rbacPodExec], includePassed: true });
    expect(report.findings.map((f) => f.status)).toEqual(["unknown", "unknown"]);
  });

  it("when one grant check cannot judge a role, then only that check fails and the others still judge it", () => {
    // Grant checks judge each role for all of them at once; a failure stays with its own check.
    const broken = defineGrantCheck({
      id: "test-broken-grant",
      title: "broken",
      severity: "low",
      references: {},
      description: "test",
      remediation: "test",
      capability: "nothing",
      grants: (rules) => {
        if (rules.some((r) => r.resources?.includes("pods/exec"))) throw new Error("cannot judge");
        return undefined;
      },
    });
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: debugger }
rules: [{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]
`;
    const report = runAudit(snapshotOf(yaml), { environment: "t", checks: [rbacPodExec, broken], includePassed: true, clock: () => new Date("2026-06-01T00:00:00Z") });
    expect(report.notes).toEqual(["check test-broken-grant failed to evaluate: cannot judge"]);
    expect(report.findings.map((f) => `${f.checkId} ${f.status}`)).toEqual(["rbac-pod-exec fail", "test-broken-grant unknown"]);
  });
});
