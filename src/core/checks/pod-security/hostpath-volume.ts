import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { hostPathVolumes } from "./host-paths.js";

export const hostpathVolume = defineCheck({
  id: "hostpath-volume",
  title: "Pods should not mount hostPath volumes",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.11"],
    kubescape: ["C-0048"],
    polaris: ["hostPathSet"],
    trivy: ["KSV-0023", "KSV023"],
  },
  description:
    "A hostPath volume ties the pod to the node's filesystem: it can read host files, fill the node's disk, and (if writable) change what the node runs. Sensitive paths and runtime sockets have their own, stricter checks. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Replace hostPath with a PersistentVolumeClaim, an emptyDir, a ConfigMap/Secret or a CSI volume; node agents that truly need host files belong in an allow-listed namespace.",
  evaluate: (ctx) =>
    perWorkload(
      ctx,
      (w) => {
        const volumes = hostPathVolumes(w);
        return volumes.length === 0
          ? null
          : `pod spec mounts hostPath ${volumes.map((v) => `${v.name} (${v.path})`).join(", ")}`;
      },
      "no hostPath volumes",
      { hostAccess: true },
    ),
});
