import { defineGrantCheck } from "./grant-check.js";
import { firstGrant } from "./rules.js";

export const rbacCreatePods = defineGrantCheck({
  id: "rbac-create-pods",
  title: "Creating pods is limited to the identities that deploy",
  severity: "medium",
  references: { cis: ["5.1.4"], kubescape: ["C-0188"] },
  description:
    "Whoever can create a pod in a namespace can run it as any ServiceAccount of that namespace and mount any Secret there, so they hold the union of those permissions; without Pod Security Admission they can also reach the node.",
  remediation:
    "Grant pod creation only to deployment pipelines and controllers; people use workload objects through GitOps, and the namespace enforces a Pod Security level.",
  capability: "creating pods",
  grants: (rules) => firstGrant(rules, [{ verbs: ["create"], groups: [""], resources: ["pods"] }]),
});
