import { defineGrantCheck } from "./grant-check.js";
import { firstGrant } from "./rules.js";

export const rbacImpersonate = defineGrantCheck({
  id: "rbac-impersonate",
  title: "Impersonation of users, groups and ServiceAccounts is not granted",
  severity: "high",
  references: {
    cis: ["5.1.8"],
    kubescape: ["C-0065", "C-0191"],
    checkov: ["CKV2_K8S_3"],
    trivy: ["KSV-0043", "KSV043"],
  },
  description:
    "`impersonate` lets a subject act as another identity: as the group system:masters it is cluster-admin, as a ServiceAccount it holds that account's permissions. The audit log records the impersonated name, which hides who acted.",
  remediation:
    "Remove `impersonate`, or limit it with `resourceNames` to the specific unprivileged identities a tool must act as.",
  capability: "impersonation",
  grants: (rules) =>
    firstGrant(rules, [
      { verbs: ["impersonate"], groups: [""], resources: ["groups", "users", "serviceaccounts"], countNamedResources: true },
      { verbs: ["impersonate"], groups: ["authentication.k8s.io"], resources: ["userextras/scopes", "uids"], countNamedResources: true },
    ]),
});
