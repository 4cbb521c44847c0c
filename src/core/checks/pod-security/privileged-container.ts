import { evaluateContainers } from "../helpers.js";
import { defineCheck } from "../types.js";

export const privilegedContainer = defineCheck({
  id: "privileged-container",
  title: "Containers must not run privileged",
  severity: "critical",
  category: "pod-security",
  needs: ["objects"],
  kinds: ["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"],
  references: {
    cis: ["5.2.2"],
    kubescape: ["C-0057"],
    polaris: ["runAsPrivileged"],
    kubeScore: ["container-security-context-privileged"],
    checkov: ["CKV_K8S_16"],
    trivy: ["KSV-0017"],
  },
  description:
    "A privileged container has every capability and access to all host devices; escaping to the node is trivial.",
  remediation:
    "Remove `securityContext.privileged: true`. Grant the specific capability the workload needs instead, or move node-level tooling to an allow-listed system namespace.",
  evaluate: (ctx) =>
    evaluateContainers(
      ctx,
      (c) => (c.securityContext.privileged === true ? `${c.type} ${c.container.name} runs privileged` : null),
      "not privileged",
    ),
});
