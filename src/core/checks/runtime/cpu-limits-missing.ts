import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { resourceRule } from "./resources.js";

export const cpuLimitsMissing = defineCheck({
  id: "cpu-limits-missing",
  title: "Containers should set CPU limits",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0270", "C-0050"],
    polaris: ["cpuLimitsMissing"],
    // kube-score's container-resources fails when any of the four is missing.
    kubeScore: ["container-resources"],
    checkov: ["CKV_K8S_11"],
    trivy: ["KSV-0011", "KSV011"],
  },
  description:
    "Without a CPU limit one container can use every core of the node, slowing every other pod there (a runaway loop or a cryptominer).",
  remediation:
    "Set `resources.limits.cpu` on every container (and init container), sized from observed usage; a LimitRange can supply namespace defaults.",
  evaluate: (ctx) => resourceRule(ctx, "limits", "cpu"),
});
