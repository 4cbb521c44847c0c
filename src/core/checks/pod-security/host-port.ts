import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import type { ContainerPort } from "../../snapshot/k8s-types.js";

const NO_PORTS: readonly (ContainerPort | null)[] = [];
const bindsHostPort = (p: ContainerPort | null): boolean => typeof p?.hostPort === "number" && p.hostPort > 0;

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
        const ports = c.container.ports ?? NO_PORTS;
        // Most containers bind no host port: decide that before listing any.
        if (!ports.some(bindsHostPort)) return null;
        return `${c.label} binds host port(s) ${ports
          .filter(bindsHostPort)
          .map((p) => String(p!.hostPort))
          .join(", ")}`;
      },
      "no host ports",
      { hostAccess: true },
    ),
});
