import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const hostPid = defineCheck({
  id: "host-pid",
  title: "Pods must not share the host PID namespace",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.3"],
    kubescape: ["C-0038"],
    polaris: ["hostPIDSet"],
    checkov: ["CKV_K8S_17"],
    trivy: ["KSV-0010", "KSV010"],
  },
  description:
    "With hostPID a container sees every process on the node, can read their environment (secrets included) and, with ptrace, attach to them. Workloads in the configured system namespaces are allow-listed.",
  remediation: "Remove `hostPID: true` from the pod spec; run node-debugging tools only when needed, in an allow-listed namespace.",
  evaluate: (ctx) =>
    perWorkload(ctx, (w) => (w.podSpec.hostPID === true ? "pod spec sets hostPID: true" : null), "hostPID not set", {
      hostAccess: true,
    }),
});
