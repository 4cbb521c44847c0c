import { fail, pass, workloadRef } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import type { Workload } from "../../snapshot/workloads.js";

function isTiller(w: Workload): boolean {
  if (w.podLabels["app"] === "helm" && w.podLabels["name"] === "tiller") return true;
  return w.containers.some((c) => /(^|\/)tiller(:|@|$)/.test(c.container.image ?? ""));
}

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
  evaluate(ctx) {
    const results: CheckResult[] = ctx.index
      .workloads()
      .filter(isTiller)
      .map((w) => fail(workloadRef(w), "runs Helm 2's Tiller"));
    if (results.length === 0 && ctx.index.snapshot.complete) results.push(pass({ kind: "Cluster", name: "cluster" }, "no Tiller workload found"));
    return results;
  },
});
