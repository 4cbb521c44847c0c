// hostPath volumes and what they expose. Paths are compared after normalising
// slashes, and a mount of a parent directory exposes everything below it: `/var`
// hands out the kubelet's credentials just as `/var/lib/kubelet` does.
import type { Volume } from "../../snapshot/k8s-types.js";
import type { Workload } from "../../snapshot/workloads.js";
import { memoizeBy } from "../../memo.js";
import { listAt } from "../../snapshot/manifest-values.js";

export interface HostPathVolume {
  /** Volume name, or `volumes[2]` when the manifest gives none. */
  name: string;
  path: string;
}

export function normalizeHostPath(path: string): string {
  const collapsed = ("/" + path.trim()).replace(/\/+/g, "/").replace(/\/\.(?=\/|$)/g, "");
  return collapsed.length > 1 ? collapsed.replace(/\/$/, "") : "/";
}

// Five checks ask this of every workload and few workloads mount host paths:
// a plain loop says "none" without allocating, and the list of those that do
// is made once per workload.
const NONE: readonly HostPathVolume[] = Object.freeze([]);

export function hostPathVolumes(w: Workload): readonly HostPathVolume[] {
  const volumes: readonly (Volume | null)[] = listAt(w.podSpec.volumes, "volumes");
  for (let i = 0; i < volumes.length; i++) if (typeof volumes[i]?.hostPath?.path === "string") return listHostPathVolumes(w);
  return NONE;
}

const listHostPathVolumes = memoizeBy((w: Workload): readonly HostPathVolume[] => {
  const out: HostPathVolume[] = [];
  const volumes: readonly (Volume | null)[] = listAt(w.podSpec.volumes, "volumes");
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    const path = v?.hostPath?.path;
    if (typeof path !== "string") continue;
    out.push({ name: typeof v?.name === "string" && v.name !== "" ? v.name : `volumes[${i}]`, path: normalizeHostPath(path) });
  }
  return Object.freeze(out);
});

const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * The workload's host-path volumes that `exposedBy` flags, described as
 * "name (path)", or "name (path, exposes target)" when a parent directory is
 * mounted; empty for most workloads, which mount no host path.
 */
export function exposingVolumes(w: Workload, exposedBy: (path: string) => string | undefined): readonly string[] {
  const volumes = hostPathVolumes(w);
  if (volumes.length === 0) return NO_NAMES;
  return volumes.flatMap((v) => {
    const target = exposedBy(v.path);
    return target ? [`${v.name} (${v.path}${target !== v.path ? `, exposes ${target}` : ""})`] : [];
  });
}

/** Whether `path` is `target` or one of its parent directories. */
function exposes(path: string, target: string): boolean {
  return path === "/" || path === target || target.startsWith(path + "/");
}

/** Whether `path` is `root` or lies below it. */
function within(path: string, root: string): boolean {
  return root === "/" ? path === "/" : path === root || path.startsWith(root + "/");
}

// Sockets of the container runtimes a kubelet may talk to; whoever reaches one
// can start a privileged container on the node.
export const RUNTIME_SOCKETS = [
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/run/dockershim.sock",
  "/var/run/cri-dockerd.sock",
  "/run/cri-dockerd.sock",
  "/var/run/containerd/containerd.sock",
  "/run/containerd/containerd.sock",
  "/run/k3s/containerd/containerd.sock",
  "/var/run/crio/crio.sock",
  "/run/crio/crio.sock",
  "/var/run/podman/podman.sock",
  "/run/podman/podman.sock",
];

export function runtimeSocketExposed(path: string): string | undefined {
  return RUNTIME_SOCKETS.find((socket) => exposes(path, socket));
}

// Host directories whose content (credentials, binaries, devices, kernel
// interfaces) gives control of the node when read or written.
export const SENSITIVE_HOST_PATHS = [
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/home",
  "/lib",
  "/lib64",
  "/proc",
  "/root",
  "/sbin",
  "/sys",
  "/usr",
  "/var/lib/kubelet",
  "/var/lib/etcd",
  "/var/lib/docker",
  "/var/lib/containerd",
  "/var/lib/rancher",
];

export function sensitiveRootFor(path: string): string | undefined {
  return SENSITIVE_HOST_PATHS.find((root) => within(path, root) || exposes(path, root));
}
