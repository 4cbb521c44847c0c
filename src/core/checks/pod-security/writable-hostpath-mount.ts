import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { hostPathVolumes, type HostPathVolume } from "./host-paths.js";

/**
 * The host path of the named volume: the last one of that name, as a map built
 * from the list would keep. A pod has a few volumes: searched, not mapped, for
 * each of its containers.
 */
function hostPathOf(volumes: readonly HostPathVolume[], name: string): string | undefined {
  for (let i = volumes.length - 1; i >= 0; i--) if (volumes[i]!.name === name) return volumes[i]!.path;
  return undefined;
}

export const writableHostpathMount = defineCheck({
  id: "writable-hostpath-mount",
  title: "Containers must not mount hostPath volumes writable",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0045"],
  },
  description:
    "A writable hostPath mount lets the container change files on the node (binaries, configuration, other pods' data), a direct path to node compromise. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Set `readOnly: true` on the volumeMount, or replace the hostPath volume with a PersistentVolumeClaim or emptyDir.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c, w) => {
        const volumes = hostPathVolumes(w);
        if (volumes.length === 0) return null;
        const writable = (c.container.volumeMounts ?? [])
          .filter((m) => m && hostPathOf(volumes, m.name) !== undefined && m.readOnly !== true)
          .map((m) => `${hostPathOf(volumes, m.name)} at ${m.mountPath}`);
        return writable.length > 0 ? `${c.label} mounts hostPath writable: ${writable.join(", ")}` : null;
      },
      "no writable hostPath mounts",
      { hostAccess: true },
    ),
});
