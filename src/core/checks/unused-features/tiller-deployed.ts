import { fail, pass, workloadRef } from "../helpers.js";
import { defineCheck } from "../types.js";
import { walk, walkLists } from "../rule-batch.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import type { Workload } from "../../snapshot/workloads.js";

const TILLER_IMAGE = /(^|\/)tiller(:|@|$)/;

function isTiller(w: Workload): boolean {
  if (w.podLabels["app"] === "helm" && w.podLabels["name"] === "tiller") return true;
  // A loop, and the pattern made once: this is asked of every workload.
  const containers = w.containers;
  for (let i = 0; i < containers.length; i++) if (TILLER_IMAGE.test(containers[i]!.container.image ?? "")) return true;
  return false;
}

/** A list of one item: the walk that says "no Tiller anywhere" once all workloads were seen. */
const CLUSTER_VERDICT: readonly unknown[] = [undefined];

export const tillerDeployed = defineCheck({
  id: "tiller-deployed",
  title: "Helm 2's Tiller is not deployed",
  severity: "critical",
  category: "unused-features",
  needs: ["objects"],
  kinds: WORKLOAD_READ_KINDS,
  references: { checkov: ["CKV_K8S_34"], trivy: ["KSV-0102", "KSV102"] },
  description:
    "Tiller, the server side of Helm 2 (unsupported since 2020), listens inside the cluster on an unauthenticated gRPC port and usually runs with cluster-admin: any pod that can reach it can install anything.",
  remediation: "Migrate the releases to Helm 3 (`helm-2to3`), then delete the Tiller Deployment, Service and its ServiceAccount's bindings.",
  // Walked with the other workload rules (in the audit's batch), then a walk
  // over the one cluster-wide verdict, which comes after every workload's.
  evaluate(ctx) {
    let found = false;
    return walkLists(ctx, [
      walk(ctx.index.workloads(), (out) => (w) => {
        if (!isTiller(w)) return;
        found = true;
        out.add(fail(workloadRef(w), "runs Helm 2's Tiller"));
      }),
      walk(CLUSTER_VERDICT, (out) => () => {
        if (!found && ctx.index.snapshot.complete) out.keep(pass({ kind: "Cluster", name: "cluster" }, "no Tiller workload found"));
      }),
    ]);
  },
});
