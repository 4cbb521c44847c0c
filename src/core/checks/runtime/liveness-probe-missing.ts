import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { BATCH_KINDS, hasProbe } from "./probes.js";

export const livenessProbeMissing = defineCheck({
  id: "liveness-probe-missing",
  title: "Containers should have a liveness probe",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0056"],
    polaris: ["livenessProbeMissing"],
    checkov: ["CKV_K8S_8"],
  },
  description:
    "Without a liveness probe a hung process (deadlock, exhausted pool) keeps its pod Running and is never restarted.",
  remediation:
    "Add `livenessProbe` (HTTP, TCP, gRPC or exec) that fails only when a restart would help, with thresholds looser than the readiness probe's.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => (hasProbe(c.container.livenessProbe) ? null : `${c.label} has no liveness probe`),
      "liveness probe set",
      { types: ["container"], skipKinds: BATCH_KINDS },
    ),
});
