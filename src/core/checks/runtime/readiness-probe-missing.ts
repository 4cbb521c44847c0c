import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { BATCH_KINDS, hasProbe } from "./probes.js";

// Polaris and kubescape semantics: every long-running container, whether or not
// a Service routes to it. The Service-aware kube-score variant is
// service-without-readiness-probe.
export const readinessProbeMissing = defineCheck({
  id: "readiness-probe-missing",
  title: "Containers should have a readiness probe",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0018"],
    polaris: ["readinessProbeMissing"],
    checkov: ["CKV_K8S_9"],
  },
  description:
    "Without a readiness probe a container counts as ready as soon as it starts: it receives traffic before it can serve it, and keeps receiving it when it can no longer cope.",
  remediation: "Add `readinessProbe` that checks the container can serve requests (e.g. an HTTP /ready endpoint).",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => (hasProbe(c.container.readinessProbe) ? null : `${c.label} has no readiness probe`),
      "readiness probe set",
      { types: ["container"], skipKinds: BATCH_KINDS },
    ),
});
