// Which distribution runs the cluster decides whether control-plane checks can be
// judged at all: on managed services the control plane is the provider's, so
// those checks are `not_applicable`, never `fail` (kube-bench's most common complaint).
import { componentOfPod } from "./control-plane.js";
import type { SnapshotIndex } from "./index.js";

export type PlatformName = "kubeadm" | "eks" | "gke" | "aks" | "openshift" | "k3s" | "rke2" | "unknown";

export interface PlatformInfo {
  name: PlatformName;
  /** The provider runs the control plane: API server, etcd, scheduler flags are not ours to judge. */
  managedControlPlane: boolean;
  /** Why we think so, for the report. */
  evidence: string[];
}

const MANAGED: ReadonlySet<PlatformName> = new Set(["eks", "gke", "aks"]);

export function detectPlatform(index: SnapshotIndex): PlatformInfo {
  const evidence: string[] = [];
  const gitVersion = index.snapshot.version?.gitVersion ?? "";
  const nodes = index.ofKind("Node");
  const providerIds = nodes.map((n) => String((n["spec"] as { providerID?: string } | undefined)?.providerID ?? ""));
  const labelKeys = new Set(nodes.flatMap((n) => Object.keys(n.metadata.labels ?? {})));
  const kubeletVersions = nodes.map(
    (n) => String((n["status"] as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion ?? ""),
  );
  const versions = [gitVersion, ...kubeletVersions];

  const found = (name: PlatformName, why: string): PlatformInfo => {
    evidence.push(why);
    return { name, managedControlPlane: MANAGED.has(name), evidence };
  };

  if (versions.some((v) => /-eks-/.test(v)) || providerIds.some((p) => p.startsWith("aws://")) && labelKeys.has("eks.amazonaws.com/nodegroup"))
    return found("eks", "EKS version suffix or node group labels");
  if (versions.some((v) => /-gke\./.test(v)) || labelKeys.has("cloud.google.com/gke-nodepool"))
    return found("gke", "GKE version suffix or node pool labels");
  if (providerIds.some((p) => p.startsWith("azure://")) && labelKeys.has("kubernetes.azure.com/cluster"))
    return found("aks", "Azure provider ids and AKS node labels");
  if (labelKeys.has("node.openshift.io/os_id") || index.ofKind("SecurityContextConstraints").length > 0)
    return found("openshift", "OpenShift node labels or SecurityContextConstraints");
  if (versions.some((v) => /\+rke2/.test(v))) return found("rke2", "RKE2 version suffix");
  if (versions.some((v) => /\+k3s/.test(v))) return found("k3s", "k3s version suffix");
  const mirror = index.ofKind("Pod").filter((p) => p.metadata.namespace === "kube-system" && componentOfPod(p));
  if (mirror.length > 0) return found("kubeadm", `control-plane static pods in kube-system (${mirror.length})`);
  if (providerIds.some((p) => p.startsWith("aws://"))) return found("eks", "AWS provider ids without control-plane pods");
  if (providerIds.some((p) => p.startsWith("gce://"))) return found("gke", "GCE provider ids without control-plane pods");
  if (providerIds.some((p) => p.startsWith("azure://"))) return found("aks", "Azure provider ids without control-plane pods");
  return { name: "unknown", managedControlPlane: false, evidence: ["no distribution markers"] };
}
