import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const hostPort = defineCheck({
  id: "host-port",
  title: "Containers must not bind host ports",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.12"],
    kubescape: ["C-0044"],
    polaris: ["hostPortSet"],
    checkov: ["CKV_K8S_26"],
    trivy: ["KSV-0024", "KSV024"],
  },
  description:
    "A hostPort opens a port on the node's own address, outside Services and NetworkPolicies, and limits scheduling to one such pod per node. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Remove `hostPort` from the container ports and expose the workload through a Service (NodePort or LoadBalancer when it must be reachable from outside).",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => {
        const ports = (c.container.ports ?? [])
          .filter((p) => typeof p?.hostPort === "number" && p.hostPort > 0)
          .map((p) => String(p.hostPort));
        return ports.length > 0 ? `${c.label} binds host port(s) ${ports.join(", ")}` : null;
      },
      "no host ports",
      { hostAccess: true },
    ),
});
