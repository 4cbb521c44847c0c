import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { resourceRule } from "./resources.js";

export const memoryLimitsMissing = defineCheck({
  id: "memory-limits-missing",
  title: "Containers should set memory limits",
  severity: "medium",
  category: "runtime",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0271", "C-0004"],
    polaris: ["memoryLimitsMissing"],
    // kube-score's container-resources fails when any of the four is missing.
    kubeScore: ["container-resources"],
    checkov: ["CKV_K8S_13"],
    trivy: ["KSV-0018", "KSV018"],
  },
  description:
    "Without a memory limit a leaking or attacked container can consume the node's memory until the kernel kills other pods or kubelet processes.",
  remediation:
    "Set `resources.limits.memory` on every container (and init container), sized from observed usage; a LimitRange can supply namespace defaults.",
  evaluate: (ctx) => resourceRule(ctx, "limits", "memory"),
});
