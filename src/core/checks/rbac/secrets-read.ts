import { defineGrantCheck } from "./grant-check.js";
import { firstGrant } from "./rules.js";

export const rbacSecretsRead = defineGrantCheck({
  id: "rbac-secrets-read",
  title: "Reading Secrets is limited to named Secrets",
  severity: "high",
  references: {
    cis: ["5.1.2"],
    kubescape: ["C-0186", "C-0015"],
    checkov: ["CKV2_K8S_5"],
    trivy: ["KSV-0041", "KSV041", "KSV-0113", "KSV113"],
  },
  description:
    "get, list or watch on every Secret of a namespace (or of the cluster, through a ClusterRoleBinding) reads every credential stored there, including ServiceAccount tokens of more privileged identities. list and watch return the values too, not only the names.",
  remediation:
    "Grant `get` on the specific Secrets the workload needs with `resourceNames`, or mount the Secret into the pod instead of reading it through the API.",
  capability: "reading all Secrets",
  grants: (rules) =>
    firstGrant(rules, [{ verbs: ["get", "list", "watch"], groups: [""], resources: ["secrets"] }]),
});
