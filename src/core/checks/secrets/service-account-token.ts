// Whether a pod gets a ServiceAccount token mounted, following the API server's
// rule: the pod's automountServiceAccountToken wins, else the ServiceAccount's,
// else true.
import type { SnapshotIndex } from "../../snapshot/index.js";
import type { Workload } from "../../snapshot/workloads.js";

export const TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

export function serviceAccountOf(w: Workload): string {
  return w.podSpec.serviceAccountName ?? w.podSpec.serviceAccount ?? "default";
}

// Asked of every workload, and this answer is the same for all that opt out.
const POD_OPTS_OUT = Object.freeze({ mounted: false, why: "the pod spec sets automountServiceAccountToken: false" });

export function tokenMount(index: SnapshotIndex, w: Workload): { mounted: boolean; why: string } {
  const sa = serviceAccountOf(w);
  const pod = w.podSpec.automountServiceAccountToken;
  if (pod === false) return POD_OPTS_OUT;
  if (pod === true) return { mounted: true, why: `the pod spec sets automountServiceAccountToken: true (overriding ServiceAccount ${sa})` };
  const account = index.get("ServiceAccount", w.namespace, sa);
  if (account?.["automountServiceAccountToken"] === false) return { mounted: false, why: `ServiceAccount ${sa} sets automountServiceAccountToken: false` };
  return {
    mounted: true,
    why: account
      ? `neither the pod spec nor ServiceAccount ${sa} sets automountServiceAccountToken: false`
      : `the pod spec does not set automountServiceAccountToken: false and ServiceAccount ${sa} is not in the input`,
  };
}
