import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const hostNetwork = defineCheck({
  id: "host-network",
  title: "Pods must not use the host network",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.5"],
    kubescape: ["C-0041"],
    polaris: ["hostNetworkSet"],
    checkov: ["CKV_K8S_19"],
    trivy: ["KSV-0009", "KSV009"],
  },
  description:
    "A pod on the host network bypasses NetworkPolicies, can bind any node port and reach services listening on the node's loopback (the kubelet, local agents). Workloads in the configured system namespaces are allow-listed.",
  remediation: "Remove `hostNetwork: true`; expose the workload through a Service (NodePort or LoadBalancer if it must be reachable from outside the cluster).",
  evaluate: (ctx) =>
    perWorkload(ctx, (w) => (w.podSpec.hostNetwork === true ? "pod spec sets hostNetwork: true" : null), "hostNetwork not set", {
      hostAccess: true,
    }),
});
