// Which distribution runs the cluster decides whether control-plane checks can be
// judged at all: on managed services the control plane is the provider's, so
// those checks are `not_applicable`, never `fail` (kube-bench's most common complaint).
// Signals, strongest first: version suffixes (/version and kubelets), provider
// node labels and annotations, control-plane mirror pods, then bare provider ids.
import { componentOfPod } from "./control-plane.js";
import type { SnapshotIndex } from "./index.js";
import type { KubeObject } from "./types.js";

export type PlatformName = "kubeadm" | "eks" | "gke" | "aks" | "openshift" | "k3s" | "rke2" | "unknown";

export interface PlatformInfo {
  name: PlatformName;
  /** The provider runs the control plane: API server, etcd, scheduler flags are not ours to judge. */
  managedControlPlane: boolean;
  /** Why we think so, for the report. */
  evidence: string[];
}

const MANAGED: ReadonlySet<PlatformName> = new Set(["eks", "gke", "aks"]);

const LABELS: Record<PlatformName, string> = {
  kubeadm: "kubeadm",
  eks: "Amazon EKS",
  gke: "Google GKE",
  aks: "Azure AKS",
  openshift: "OpenShift",
  k3s: "k3s",
  rke2: "RKE2",
  unknown: "this cluster",
};

/** Human name for messages ("Amazon EKS manages the API server"). */
export function platformLabel(name: PlatformName): string {
  return LABELS[name];
}

interface NodeFacts {
  providerIds: string[];
  labelKeys: Set<string>;
  labels: { key: string; value: string }[];
  annotationKeys: Set<string>;
  versions: string[];
}

function nodeFacts(index: SnapshotIndex): NodeFacts {
  const nodes = index.ofKind("Node");
  const providerIds: string[] = [];
  const labelKeys = new Set<string>();
  const labels: { key: string; value: string }[] = [];
  const annotationKeys = new Set<string>();
  const versions = [index.snapshot.version?.gitVersion ?? ""];
  for (const n of nodes) {
    const providerId = (n["spec"] as { providerID?: string } | undefined)?.providerID;
    if (providerId) providerIds.push(providerId);
    for (const [k, v] of Object.entries(n.metadata.labels ?? {})) {
      labelKeys.add(k);
      labels.push({ key: k, value: v });
    }
    for (const k of Object.keys(n.metadata.annotations ?? {})) annotationKeys.add(k);
    const kubelet = (n["status"] as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion;
    if (kubelet) versions.push(kubelet);
  }
  return { providerIds, labelKeys, labels, annotationKeys, versions };
}

const hasAnyKey = (keys: Set<string>, wanted: readonly string[]) => wanted.find((k) => keys.has(k));
const hasKeyPrefix = (keys: Set<string>, prefix: string) => [...keys].find((k) => k.startsWith(prefix));

function controlPlanePods(index: SnapshotIndex): KubeObject[] {
  return index.ofKindInNamespace("Pod", "kube-system").filter((p) => componentOfPod(p) !== undefined);
}

export function detectPlatform(index: SnapshotIndex): PlatformInfo {
  const f = nodeFacts(index);
  const found = (name: PlatformName, why: string): PlatformInfo => ({
    name,
    managedControlPlane: MANAGED.has(name),
    evidence: [why],
  });
  const version = (re: RegExp) => f.versions.find((v) => re.test(v));

  let v: string | undefined;
  let k: string | undefined;
  if ((v = version(/-eks-/))) return found("eks", `version ${v} carries the EKS suffix`);
  if ((k = hasAnyKey(f.labelKeys, ["eks.amazonaws.com/nodegroup", "eks.amazonaws.com/compute-type", "alpha.eksctl.io/cluster-name"])))
    return found("eks", `node label ${k}`);
  if ((v = version(/-gke\./))) return found("gke", `version ${v} carries the GKE suffix`);
  if ((k = hasAnyKey(f.labelKeys, ["cloud.google.com/gke-nodepool", "cloud.google.com/gke-os-distribution"])))
    return found("gke", `node label ${k}`);
  if ((k = hasAnyKey(f.labelKeys, ["kubernetes.azure.com/cluster", "kubernetes.azure.com/agentpool"])))
    return found("aks", `node label ${k}`);

  if ((k = hasKeyPrefix(f.labelKeys, "node.openshift.io/")))
    return found("openshift", `node label ${k}`);
  for (const kind of ["ClusterVersion", "SecurityContextConstraints"]) {
    if (index.ofKind(kind).length > 0) return found("openshift", `${kind} objects present`);
  }
  if (index.ofKindInNamespace("Pod", "openshift-kube-apiserver").length > 0)
    return found("openshift", "API server pods in openshift-kube-apiserver");

  if ((v = version(/\+rke2/))) return found("rke2", `version ${v} carries the RKE2 suffix`);
  if ((k = hasKeyPrefix(f.annotationKeys, "rke2.io/"))) return found("rke2", `node annotation ${k}`);
  if ((v = version(/\+k3s/))) return found("k3s", `version ${v} carries the k3s suffix`);
  if ((k = hasKeyPrefix(f.annotationKeys, "k3s.io/"))) return found("k3s", `node annotation ${k}`);
  if (f.labels.some((l) => l.key === "node.kubernetes.io/instance-type" && l.value === "k3s"))
    return found("k3s", "node instance-type label k3s");

  const mirror = controlPlanePods(index);
  if (mirror.length > 0) {
    const flavour = f.labelKeys.has("minikube.k8s.io/name") ? " (minikube)" : f.providerIds.some((p) => p.startsWith("kind://")) ? " (kind)" : "";
    return found("kubeadm", `control-plane static pods in kube-system (${mirror.length})${flavour}`);
  }
  if (index.get("ConfigMap", "kube-system", "kubeadm-config")) return found("kubeadm", "kube-system/kubeadm-config ConfigMap");

  // Provider ids without any control-plane pod: most likely the managed service,
  // but a self-managed cluster whose mirror pods we cannot see looks the same.
  if (f.providerIds.some((p) => p.startsWith("aws://"))) return found("eks", "AWS provider ids and no control-plane pods (weak signal)");
  if (f.providerIds.some((p) => p.startsWith("gce://"))) return found("gke", "GCE provider ids and no control-plane pods (weak signal)");
  if (f.providerIds.some((p) => p.startsWith("azure://"))) return found("aks", "Azure provider ids and no control-plane pods (weak signal)");
  return { name: "unknown", managedControlPlane: false, evidence: ["no distribution markers"] };
}
