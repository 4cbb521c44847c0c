import { isEmptySelector } from "../../snapshot/labels.js";
import { fail, pass } from "../helpers.js";
import { defineCheck } from "../types.js";
import { auditedNamespaces, clusterPolicyCoversNamespace, namespaceRef, networkModel, POLICY_KINDS, WORKLOAD_READ_KINDS } from "./policy-model.js";

export const namespaceNetworkPolicy = defineCheck({
  id: "namespace-network-policy",
  title: "Every namespace has a NetworkPolicy",
  severity: "high",
  category: "network",
  needs: ["objects"],
  kinds: ["Namespace", ...POLICY_KINDS, ...WORKLOAD_READ_KINDS],
  references: { cis: ["5.3.2"], kubescape: ["C-0054", "C-0206"] },
  description:
    "Pods that no NetworkPolicy selects accept traffic from, and send traffic to, every pod in the cluster. A namespace without any policy (Kubernetes NetworkPolicy, CiliumNetworkPolicy, or a cluster-wide Cilium policy that covers all its pods) has no network isolation at all. Configured system namespaces are skipped.",
  remediation:
    "Add a default-deny NetworkPolicy (`podSelector: {}` with `policyTypes: [Ingress, Egress]`) to the namespace, then allow the flows the workloads need. Check that the CNI enforces NetworkPolicy (Calico, Cilium, Antrea... not flannel alone).",
  evaluate(ctx) {
    const model = networkModel(ctx.index);
    const wideCoverage = model.clusterPolicies.filter((p) => isEmptySelector(p.podSelector));
    return auditedNamespaces(ctx.index, ctx.settings.systemNamespaces).map((ns) => {
      const ref = namespaceRef(ctx.index, ns);
      const own = model.policiesInNamespace(ns);
      if (own.length > 0) return pass(ref, `${own.length} polic${own.length === 1 ? "y" : "ies"} (${own[0]!.kind} ${own[0]!.name}${own.length > 1 ? ", ..." : ""})`);
      const wide = wideCoverage.find((p) => clusterPolicyCoversNamespace(p, ns));
      if (wide) return pass(ref, `covered by ${wide.kind} ${wide.name}`);
      return fail(ref, `no NetworkPolicy in namespace ${ns}: its pods accept and send any traffic`);
    });
  },
});
