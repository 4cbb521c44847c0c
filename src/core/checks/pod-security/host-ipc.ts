import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const hostIpc = defineCheck({
  id: "host-ipc",
  title: "Pods must not share the host IPC namespace",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.4"],
    kubescape: ["C-0038"],
    polaris: ["hostIPCSet"],
    checkov: ["CKV_K8S_18"],
    trivy: ["KSV-0008", "KSV008"],
  },
  description:
    "With hostIPC a container can read and write the shared memory and message queues of every process on the node. Workloads in the configured system namespaces are allow-listed.",
  remediation: "Remove `hostIPC: true` from the pod spec; share memory between containers of one pod through an emptyDir with medium Memory instead.",
  evaluate: (ctx) =>
    perWorkload(ctx, (w) => (w.podSpec.hostIPC === true ? "pod spec sets hostIPC: true" : null), "hostIPC not set", {
      hostAccess: true,
    }),
});
