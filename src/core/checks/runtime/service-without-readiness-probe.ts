import type { SnapshotIndex } from "../../snapshot/index.js";
import type { KubeObject } from "../../snapshot/types.js";
import type { Workload } from "../../snapshot/workloads.js";
import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { BATCH_KINDS, hasProbe } from "./probes.js";
import type { Container } from "../../snapshot/k8s-types.js";

interface ServiceSpec {
  selector?: Record<string, string> | null;
}

/**
 * Names of the Services in the workload's namespace that select its pods, in
 * snapshot order and comma-separated as the message shows them; undefined when
 * none does. Asked per workload in the batched walk: a namespace holds a few
 * Services, and testing each allocates nothing, where matching every Service's
 * selector through the label index (once per audit, before the walk) made a
 * list per Service and a map of ten thousand answers, for about the same time.
 */
function servicesSelecting(index: SnapshotIndex, w: Workload): string | undefined {
  const services = index.ofKindInNamespace<KubeObject & { spec?: ServiceSpec }>("Service", w.namespace);
  let names: string | undefined;
  for (let i = 0; i < services.length; i++) {
    const svc = services[i]!;
    const selector = svc.spec?.selector;
    // A Service without a selector has hand-managed endpoints: it selects no pods.
    if (!selector || !selects(selector, w.podLabels)) continue;
    const name = svc.metadata.name;
    names = names === undefined ? name : `${names}, ${name}`;
  }
  return names;
}

/**
 * A Service's selector (plain labels, `matchesSelector` semantics for
 * `matchLabels`) against pod labels; an empty selector selects nothing.
 */
function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  let empty = true;
  for (const k in selector) {
    if (labels[k] !== selector[k]) return false;
    empty = false;
  }
  return !empty;
}

const NO_SERVICE = { status: "not_applicable", message: "no Service selects these pods" } as const;
const NO_CONTAINERS: readonly (Container | null)[] = [];
const readinessProbed = (c: Container | null): boolean => hasProbe(c?.readinessProbe);

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
    return perWorkload(
      ctx,
      (w) => {
        const names = servicesSelecting(ctx.index, w);
        if (names === undefined) return NO_SERVICE;
        if ((w.podSpec.containers ?? NO_CONTAINERS).some(readinessProbed)) return null;
        return `selected by Service ${names} but no container has a readiness probe`;
      },
      "a container has a readiness probe",
      { skipKinds: BATCH_KINDS },
    );
  },
});
