import { fail, pass, workloadRef } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import { dashboardWorkloads } from "./dashboard.js";

export const dashboardDeployed = defineCheck({
  id: "dashboard-deployed",
  title: "The Kubernetes Dashboard is not deployed",
  severity: "medium",
  category: "unused-features",
  needs: ["objects"],
  kinds: WORKLOAD_READ_KINDS,
  references: { checkov: ["CKV_K8S_33"] },
  description:
    "The Dashboard is a web UI that acts on the cluster with its own ServiceAccount or with tokens users paste into it; exposed or over-privileged instances have been a classic way into clusters. Most teams no longer need it next to kubectl, Lens or their cloud console. Recognised by the kubernetesui images and the kubernetes-dashboard app labels.",
  remediation:
    "Uninstall the Dashboard. If it must stay, keep it behind `kubectl proxy` or an authenticating proxy, never expose it through a Service of type LoadBalancer or an Ingress, and give its ServiceAccount no more than `view`.",
  evaluate(ctx) {
    const results: CheckResult[] = dashboardWorkloads(ctx.index).map((w) => fail(workloadRef(w), `runs the Kubernetes Dashboard (${w.containers.map((c) => c.container.image ?? "?").join(", ")})`));
    if (results.length === 0 && ctx.index.snapshot.complete) results.push(pass({ kind: "Cluster", name: "cluster" }, "no Kubernetes Dashboard workload found"));
    return results;
  },
});
