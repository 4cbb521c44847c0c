import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { resourceRule } from "./resources.js";

export const memoryRequestsMissing = defineCheck({
  id: "memory-requests-missing",
  title: "Containers should set memory requests",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0269", "C-0004"],
    polaris: ["memoryRequestsMissing"],
    // kube-score's container-resources fails when any of the four is missing.
    kubeScore: ["container-resources"],
    checkov: ["CKV_K8S_12"],
    trivy: ["KSV-0016", "KSV016"],
  },
  description:
    "Without a memory request the scheduler may overcommit the node, and the pod is among the first evicted under memory pressure.",
  remediation:
    "Set `resources.requests.memory` on every container (and init container), sized from observed usage; a LimitRange can supply namespace defaults.",
  evaluate: (ctx) => resourceRule(ctx, "requests", "memory"),
});
