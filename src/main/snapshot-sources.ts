// Chooses where a snapshot comes from: loose files, a snapshot bundle, or a live
// cluster through a kubeconfig context or the in-cluster service account.
import { dirname, isAbsolute, resolve } from "node:path";
import { readManifests } from "../adapters/files/manifest-source.js";
import { requiredKinds } from "../core/checks/registry.js";
import type { EnvironmentConfig } from "../core/config/schema.js";
import type { ClusterSnapshot } from "../core/snapshot/types.js";

export type SnapshotTarget =
  | { type: "files"; path: string }
  | { type: "live"; context?: string; kubeconfig?: string; inCluster?: boolean };

export function targetOfEnvironment(env: EnvironmentConfig, configPath: string): SnapshotTarget {
  const k = env.kubernetes;
  if ("snapshot" in k) {
    // Relative snapshot paths are relative to the config file, like other tools do.
    const path = isAbsolute(k.snapshot) ? k.snapshot : resolve(dirname(configPath), k.snapshot);
    return { type: "files", path };
  }
  if ("inCluster" in k) return { type: "live", inCluster: true };
  return { type: "live", context: k.context, ...(k.kubeconfig ? { kubeconfig: k.kubeconfig } : {}) };
}

export function describeTarget(t: SnapshotTarget): string {
  if (t.type === "files") return `files ${t.path}`;
  return t.inCluster ? "in-cluster" : `context ${t.context ?? "(current)"}`;
}

export async function loadSnapshot(
  target: SnapshotTarget,
  options: { configz?: boolean; onProgress?: (p: { done: number; total: number; kind: string }) => void } = {},
): Promise<ClusterSnapshot> {
  const kinds = requiredKinds();
  if (target.type === "files") return readManifests(target.path, { knownKinds: kinds });
  // Loaded lazily: client-node is heavy and file audits never need it.
  const { createLiveClusterReader } = await import("../adapters/kube/live-reader.js");
  const reader = createLiveClusterReader({
    ...(target.context ? { context: target.context } : {}),
    ...(target.kubeconfig ? { kubeconfigPath: target.kubeconfig } : {}),
    ...(target.inCluster ? { inCluster: true } : {}),
  });
  return reader.readSnapshot({ kinds, configz: options.configz ?? true, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
}
