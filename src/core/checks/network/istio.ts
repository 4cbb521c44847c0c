// Shared facts about an Istio mesh: whether one is installed at all (so clusters
// without Istio get no findings) and its root namespace.
import type { SnapshotIndex } from "../../snapshot/index.js";

export const ISTIO_ROOT_NAMESPACE = "istio-system";
export const ISTIO_KINDS = ["PeerAuthentication", "AuthorizationPolicy"];

/**
 * Istio counts as installed when its security API is served (a live or bundle
 * snapshot listed the kind) or when the input carries its objects or control plane.
 */
export function istioInstalled(index: SnapshotIndex): boolean {
  const v = index.snapshot.visibility;
  if (ISTIO_KINDS.some((k) => v[k]?.state === "listed")) return true;
  if (ISTIO_KINDS.some((k) => index.ofKind(k).length > 0)) return true;
  return index.workloadsInNamespace(ISTIO_ROOT_NAMESPACE).some((w) => w.name === "istiod" || w.name.startsWith("istiod-"));
}
