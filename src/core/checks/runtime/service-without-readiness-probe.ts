import type { SnapshotIndex } from "../../snapshot/index.js";
import type { KubeObject } from "../../snapshot/types.js";
import type { Workload } from "../../snapshot/workloads.js";
import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { BATCH_KINDS, hasProbe } from "./probes.js";
import { memoizeBy } from "../../memo.js";
import { pushTo } from "../../collections.js";

interface ServiceSpec {
  selector?: Record<string, string> | null;
}

// Workload -> names of the Services that select its pods, built once per audit
// from each Service's selector through the label index.
const servicesSelecting = memoizeBy((index: SnapshotIndex): Map<Workload, string[]> => {
  const map = new Map<Workload, string[]>();
  for (const svc of index.ofKind<KubeObject & { spec?: ServiceSpec }>("Service")) {
    const selector = svc.spec?.selector;
    // A Service without a selector has hand-managed endpoints: it selects no pods.
    if (!selector || Object.keys(selector).length === 0) continue;
    const ns = svc.metadata.namespace ?? "default";
    for (const w of index.workloadsMatching(ns, { matchLabels: selector })) {
      pushTo(map, w, svc.metadata.name);
    }
  }
  return map;
});

// kube-score semantics: a pod behind a Service needs at least one container with
// a readiness probe, or the Service sends traffic to pods that cannot serve it.
export const serviceWithoutReadinessProbe = defineCheck({
  id: "service-without-readiness-probe",
  title: "Pods behind a Service must have a readiness probe",
  severity: "medium",
  category: "runtime",
  needs: ["objects"],
  kinds: [...WORKLOAD_CHECK_KINDS, "Service"],
  references: {
    kubeScore: ["pod-probes"],
  },
  description:
    "A Service routes to every selected pod that is Ready; without a readiness probe that is every started pod, so rollouts and overloaded replicas drop requests.",
  remediation: "Add a `readinessProbe` to the container that serves the Service's port.",
  evaluate: (ctx) => {
    const services = servicesSelecting(ctx.index);
    return perWorkload(
      ctx,
      (w) => {
        const names = services.get(w);
        if (!names) return { status: "not_applicable", message: "no Service selects these pods" };
        if ((w.podSpec.containers ?? []).some((c) => hasProbe(c?.readinessProbe))) return null;
        return `selected by Service ${names.join(", ")} but no container has a readiness probe`;
      },
      "a container has a readiness probe",
      { skipKinds: BATCH_KINDS },
    );
  },
});
