import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import { dashboardAccess } from "./dashboard-access.js";
import { dashboardAdminBinding } from "./dashboard-admin-binding.js";

const audit = (yaml: string) =>
  runAudit(snapshotFromManifests([parseManifestText(yaml, "t.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" }), {
    environment: "t",
    checks: [dashboardAccess, dashboardAdminBinding],
    includePassed: true,
  }).findings.map((f) => `${f.checkId} ${f.status} ${f.resource.kind}/${f.resource.name}`);

const DASHBOARD = `apiVersion: apps/v1
kind: Deployment
metadata: { name: dash, namespace: tools }
spec:
  selector: { matchLabels: { app: dash } }
  template:
    metadata: { labels: { app: dash } }
    spec:
      serviceAccountName: dash-ui
      containers: [{ name: ui, image: docker.io/kubernetesui/dashboard-web:1.6.0 }]
`;

describe("dashboard access", () => {
  it("when the Dashboard runs under a custom account name, then other workloads using that account are caught", () => {
    const yaml = `${DASHBOARD}---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: tools }
spec:
  serviceAccountName: dash-ui
  containers: [{ name: sh, image: busybox:1.36 }]
`;
    expect(audit(yaml)).toContain("dashboard-access fail Pod/debug");
  });

  it("when the Dashboard's account reaches admin through an aggregated wildcard role, then the binding fails", () => {
    const yaml = `${DASHBOARD}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: dash-ops }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops }
subjects: [{ kind: ServiceAccount, name: dash-ui, namespace: tools }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ops }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { to-ops: "true" } }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ops-all, labels: { to-ops: "true" } }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
`;
    expect(audit(yaml)).toContain("dashboard-admin-binding fail ClusterRoleBinding/dash-ops");
  });
});
