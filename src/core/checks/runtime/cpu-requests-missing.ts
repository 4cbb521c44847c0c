import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { resourceRule } from "./resources.js";

export const cpuRequestsMissing = defineCheck({
  id: "cpu-requests-missing",
  title: "Containers should set CPU requests",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0268", "C-0050"],
    polaris: ["cpuRequestsMissing"],
    // kube-score's container-resources fails when any of the four is missing.
    kubeScore: ["container-resources"],
    checkov: ["CKV_K8S_10"],
    trivy: ["KSV-0015", "KSV015"],
  },
  description:
    "Without a CPU request the scheduler places the pod as if it needed no CPU, and under contention it gets the smallest share: noisy neighbours starve it.",
  remediation:
    "Set `resources.requests.cpu` on every container (and init container), sized from observed usage; a LimitRange can supply namespace defaults.",
  evaluate: (ctx) => resourceRule(ctx, "requests", "cpu"),
});
