import { describe, expect, it } from "vitest";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { indexSnapshot } from "../../snapshot/index.js";
import { parseManifestText } from "../../snapshot/parse.js";
import { rbacIndex, rbacRef } from "./resolver.js";
import { findGrant } from "./rules.js";

const indexOf = (yaml: string) =>
  indexSnapshot(snapshotFromManifests([parseManifestText(yaml, "test.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" }));

const AGGREGATED = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: monitoring-edit }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { rbac.example.com/aggregate-to-monitoring-edit: "true" }
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: alerts-edit, labels: { rbac.example.com/aggregate-to-monitoring-edit: "true", rbac.example.com/aggregate-to-ops: "true" } }
rules:
  - { apiGroups: [monitoring.coreos.com], resources: [prometheusrules], verbs: [create, update] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ops }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { rbac.example.com/aggregate-to-ops: "true" }
    - matchLabels: { rbac.example.com/aggregate-to-ops-extra: "true" }
rules: []
---
# Selected by ops, and aggregating ops back: a cycle that must terminate.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ops-extra, labels: { rbac.example.com/aggregate-to-ops-extra: "true", rbac.example.com/aggregate-to-monitoring-edit: "true" } }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { rbac.example.com/aggregate-to-ops: "true" }
rules:
  - { apiGroups: [""], resources: [pods/exec], verbs: [create] }
`;

describe("RBAC resolver", () => {
  it("when a ClusterRole aggregates others by label, then it holds their rules", () => {
    const rbac = rbacIndex(indexOf(AGGREGATED));
    const role = rbac.roles.find((r) => r.name === "monitoring-edit")!;
    expect(role.aggregated).toBe(true);
    expect(findGrant(role.rules, { verbs: ["create"], groups: ["monitoring.coreos.com"], resources: ["prometheusrules"] })).toBeDefined();
  });

  it("when aggregation selectors form a cycle, then resolution terminates with the union of the rules", () => {
    const rbac = rbacIndex(indexOf(AGGREGATED));
    const ops = rbac.roles.find((r) => r.name === "ops")!;
    expect(findGrant(ops.rules, { verbs: ["create"], groups: [""], resources: ["pods/exec"] })).toBeDefined();
    expect(findGrant(ops.rules, { verbs: ["update"], groups: ["monitoring.coreos.com"], resources: ["prometheusrules"] })).toBeDefined();
  });

  it("when a binding names a default ClusterRole missing from the input, then its shipped rules stand in", () => {
    const rbac = rbacIndex(
      indexOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: devs, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: ServiceAccount, name: deployer }]
`),
    );
    const b = rbac.bindings[0]!;
    expect(b.role?.assumed).toBe(true);
    expect(findGrant(b.role!.rules, { verbs: ["create"], groups: [""], resources: ["pods/exec"] })).toBeDefined();
    expect(b.subjects[0]!.namespace).toBe("shop");
    expect(rbac.bindingsForServiceAccount("shop", "deployer")).toEqual([b]);
  });

  it("when a binding names an unknown role, then it resolves to no role rather than guessing", () => {
    const rbac = rbacIndex(
      indexOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: orphan }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: does-not-exist }
subjects: [{ kind: User, name: alice }]
`),
    );
    expect(rbac.bindings[0]!.role).toBeUndefined();
  });

  it("when a cluster-scoped manifest carries a namespace, then the reference keeps it as written", () => {
    const index = indexOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: odd, namespace: test }
rules: []
`);
    expect(rbacRef(index.ofKind("ClusterRole")[0]!)).toMatchObject({ kind: "ClusterRole", name: "odd", namespace: "test" });
  });

  it("when asked twice for the same audit, then the index is built once", () => {
    const index = indexOf(AGGREGATED);
    expect(rbacIndex(index)).toBe(rbacIndex(index));
  });
});
