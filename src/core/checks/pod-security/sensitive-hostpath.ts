import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { exposingVolumes, sensitiveRootFor } from "./host-paths.js";

export const sensitiveHostpath = defineCheck({
  id: "sensitive-hostpath",
  title: "Pods must not mount sensitive host directories",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    trivy: ["KSV-0121", "KSV121"],
  },
  description:
    "Mounting the host's root, /etc, /proc, /sys, /dev, /root, system binaries or the kubelet's and runtime's state directories (or a parent of them, such as /var) exposes node credentials and kernel interfaces, even read-only. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Mount only the specific, non-sensitive directory the workload needs (e.g. /var/log for a log shipper), read-only, or use a CSI driver or the API instead.",
  evaluate: (ctx) =>
    perWorkload(
      ctx,
      (w) => {
        const found = exposingVolumes(w, sensitiveRootFor);
        return found.length > 0 ? `pod spec mounts sensitive host path ${found.join(", ")}` : null;
      },
      "no sensitive host paths",
      { hostAccess: true },
    ),
});
