import { defineGrantCheck } from "./grant-check.js";
import { findGrant, grantText, selfEscalationPath } from "./rules.js";

const RBAC_GROUP = ["rbac.authorization.k8s.io"];

export const rbacBindEscalate = defineGrantCheck({
  id: "rbac-bind-escalate",
  title: "The bind and escalate verbs are not granted",
  severity: "high",
  references: { cis: ["5.1.8"], kubescape: ["C-0191"], checkov: ["CKV_K8S_157", "CKV_K8S_158"] },
  description:
    "`bind` lets a subject create bindings to roles stronger than its own, and `escalate` lets it write rules it does not hold. Either switches off RBAC's escalation prevention for that subject; combined with write access to bindings or roles it is a path to cluster-admin.",
  remediation:
    "Remove `bind`/`escalate`; where a controller must delegate, limit `bind` with `resourceNames` to the exact roles it hands out.",
  capability: "bind/escalate on roles",
  grants(rules) {
    const m = findGrant(rules, { verbs: ["bind", "escalate"], groups: RBAC_GROUP, resources: ["clusterroles", "roles"] });
    if (!m) return undefined;
    const path = selfEscalationPath(rules);
    return path ? `${grantText(m)}; it ${path}` : grantText(m);
  },
});
