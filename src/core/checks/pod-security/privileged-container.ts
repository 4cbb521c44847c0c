import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const privilegedContainer = defineCheck({
  id: "privileged-container",
  title: "Containers must not run privileged",
  severity: "critical",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.2"],
    kubescape: ["C-0057"],
    polaris: ["runAsPrivileged"],
    kubeScore: ["container-security-context-privileged"],
    checkov: ["CKV_K8S_16"],
    trivy: ["KSV-0017", "KSV017"],
  },
  description:
    "A privileged container has every capability and access to all host devices; escaping to the node is trivial. Init and ephemeral containers count too. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Remove `securityContext.privileged: true`. Grant the specific capability the workload needs instead, or move node-level tooling to an allow-listed system namespace.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => (c.securityContext.privileged === true ? `${c.label} runs privileged` : null),
      "not privileged",
      { hostAccess: true },
    ),
});
