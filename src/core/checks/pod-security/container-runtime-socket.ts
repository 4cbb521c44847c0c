import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { exposingVolumes, runtimeSocketExposed } from "./host-paths.js";

export const containerRuntimeSocket = defineCheck({
  id: "container-runtime-socket",
  title: "Pods must not mount the container runtime socket",
  severity: "critical",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0074"],
    checkov: ["CKV_K8S_27"],
    trivy: ["KSV-0006", "KSV006"],
  },
  description:
    "Whoever reaches the Docker, containerd or CRI-O socket (directly or through a parent directory such as /var/run) can start a privileged container on the node and take it over; `readOnly` does not help with sockets. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Remove the hostPath volume. Build images with a daemonless builder (BuildKit rootless, kaniko) and read container metadata through the Kubernetes API or the kubelet instead.",
  evaluate: (ctx) =>
    perWorkload(
      ctx,
      (w) => {
        const found = exposingVolumes(w, runtimeSocketExposed);
        return found.length > 0 ? `pod spec mounts the container runtime socket: ${found.join(", ")}` : null;
      },
      "no container runtime socket mounted",
      { hostAccess: true },
    ),
});
