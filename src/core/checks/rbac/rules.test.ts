import { describe, expect, it } from "vitest";
import type { PolicyRule } from "../../snapshot/k8s-types.js";
import { findGrant, isSystemSubject, selfEscalationPath, wildcardAdminRule } from "./rules.js";

const EXEC = { verbs: ["create"], groups: [""], resources: ["pods/exec"] };

describe("RBAC rule matching", () => {
  it("when a rule uses */exec, then it grants pods/exec like the authorizer does", () => {
    expect(findGrant([{ apiGroups: [""], resources: ["*/exec"], verbs: ["create"] }], EXEC)).toBeDefined();
  });

  it("when a rule writes pods/*, then it is read as every pods subresource", () => {
    expect(findGrant([{ apiGroups: [""], resources: ["pods/*"], verbs: ["create"] }], EXEC)).toBeDefined();
  });

  it("when a rule names the pods resource only, then subresources are not granted", () => {
    expect(findGrant([{ apiGroups: ["*"], resources: ["pods"], verbs: ["*"] }], EXEC)).toBeUndefined();
  });

  it("when a rule is limited by resourceNames, then it counts only for permissions that accept named grants", () => {
    const rules: PolicyRule[] = [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["tls"], verbs: ["get"] }];
    expect(findGrant(rules, { verbs: ["get"], groups: [""], resources: ["secrets"] })).toBeUndefined();
    expect(findGrant(rules, { verbs: ["get"], groups: [""], resources: ["secrets"], countNamedResources: true })).toBeDefined();
  });

  it("when a rule has only nonResourceURLs, then it grants no API resource", () => {
    expect(findGrant([{ nonResourceURLs: ["*"], verbs: ["*"] }], EXEC)).toBeUndefined();
  });

  it("when the group does not match, then a resource wildcard grants nothing there", () => {
    expect(findGrant([{ apiGroups: ["apps"], resources: ["*"], verbs: ["*"] }], EXEC)).toBeUndefined();
  });

  it("when a rule has * resources with every write verb, then it is admin-equivalent, and with read verbs it is not", () => {
    expect(wildcardAdminRule([{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] }])).toBeDefined();
    expect(wildcardAdminRule([{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list"] }])).toBeUndefined();
    expect(wildcardAdminRule([{ apiGroups: [""], resources: ["*"], verbs: ["*"] }])).toBeDefined();
  });

  it("when a role can bind any role and create bindings, then it has a self-escalation path; bind alone does not", () => {
    const bind: PolicyRule = { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"] };
    const create: PolicyRule = { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"], verbs: ["create"] };
    expect(selfEscalationPath([bind, create])).toMatch(/bind any role/);
    expect(selfEscalationPath([bind])).toBeUndefined();
    expect(selfEscalationPath([{ ...bind, resourceNames: ["view"] }, create])).toBeUndefined();
  });

  it("when a subject is a broad system group, then it is not treated as a Kubernetes component", () => {
    expect(isSystemSubject({ kind: "Group", name: "system:masters" })).toBe(true);
    expect(isSystemSubject({ kind: "Group", name: "kubeadm:cluster-admins" })).toBe(true);
    expect(isSystemSubject({ kind: "User", name: "kubeadm:cluster-admins" })).toBe(false);
    expect(isSystemSubject({ kind: "Group", name: "system:authenticated" })).toBe(false);
    expect(isSystemSubject({ kind: "Group", name: "system:serviceaccounts:shop" })).toBe(false);
    expect(isSystemSubject({ kind: "ServiceAccount", name: "system:foo", namespace: "x" })).toBe(false);
  });
});
