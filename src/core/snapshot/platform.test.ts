import { describe, expect, it } from "vitest";
import { indexSnapshot } from "./index.js";
import { detectPlatform, platformLabel } from "./platform.js";
import type { ClusterSnapshot, KubeObject } from "./types.js";

interface NodeOpts {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  providerID?: string;
  kubelet?: string;
}

const node = (name: string, o: NodeOpts = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: o.labels ?? {}, annotations: o.annotations ?? {} },
  spec: o.providerID ? { providerID: o.providerID } : {},
  status: { nodeInfo: { kubeletVersion: o.kubelet ?? "v1.33.4" } },
});

const mirrorPod = (component: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `${component}-cp-1`, namespace: "kube-system", labels: { component, tier: "control-plane" } },
  spec: { containers: [{ name: component, command: [component] }] },
});

function detect(objects: KubeObject[], gitVersion?: string) {
  const snapshot: ClusterSnapshot = {
    schemaVersion: 1,
    source: { type: "live", description: "test", capturedAt: "2026-01-01T00:00:00Z" },
    objects,
    kubeletConfigs: {},
    visibility: {},
    complete: true,
    notes: [],
    ...(gitVersion ? { version: { gitVersion } } : {}),
  };
  return detectPlatform(indexSnapshot(snapshot));
}

describe("detectPlatform", () => {
  it("when /version carries the EKS suffix, then the platform is a managed EKS", () => {
    const p = detect([node("ip-10-0-1-5.ec2.internal")], "v1.31.4-eks-2d5f260");
    expect(p).toMatchObject({ name: "eks", managedControlPlane: true });
    expect(p.evidence.join()).toContain("-eks-");
  });

  it("when only EKS node-group labels are visible, then the platform is EKS", () => {
    expect(detect([node("n1", { labels: { "eks.amazonaws.com/nodegroup": "general" } })]).name).toBe("eks");
  });

  it("when kubelets carry the GKE suffix, then the platform is a managed GKE", () => {
    expect(detect([node("gke-pool-1", { kubelet: "v1.32.2-gke.1297002" })])).toMatchObject({ name: "gke", managedControlPlane: true });
  });

  it("when AKS agent-pool labels are present, then the platform is a managed AKS", () => {
    const n = node("aks-nodepool1-123-vmss000000", { labels: { "kubernetes.azure.com/cluster": "MC_rg_prod", "kubernetes.azure.com/agentpool": "nodepool1" }, providerID: "azure:///subscriptions/x" });
    expect(detect([n])).toMatchObject({ name: "aks", managedControlPlane: true });
  });

  it("when nodes carry OpenShift labels, then the platform is OpenShift with a visible control plane", () => {
    expect(detect([node("master-0", { labels: { "node.openshift.io/os_id": "rhcos" }, providerID: "aws:///eu-west-1a/i-1" })])).toMatchObject({
      name: "openshift",
      managedControlPlane: false,
    });
  });

  it("when SecurityContextConstraints exist, then the platform is OpenShift even without node labels", () => {
    const scc: KubeObject = { apiVersion: "security.openshift.io/v1", kind: "SecurityContextConstraints", metadata: { name: "restricted-v2" } };
    expect(detect([scc]).name).toBe("openshift");
  });

  it("when versions carry +k3s or +rke2, then the distribution is named and self-managed", () => {
    expect(detect([node("k3s-1")], "v1.30.6+k3s1")).toMatchObject({ name: "k3s", managedControlPlane: false });
    expect(detect([node("rke2-1")], "v1.30.6+rke2r1")).toMatchObject({ name: "rke2", managedControlPlane: false });
    expect(detect([node("k3s-2", { annotations: { "k3s.io/node-args": "[]" } })]).name).toBe("k3s");
  });

  it("when control-plane mirror pods are visible, then the platform is kubeadm-style even on a cloud", () => {
    const p = detect([node("cp-1", { providerID: "aws:///eu-west-1a/i-1" }), mirrorPod("kube-apiserver"), mirrorPod("etcd")]);
    expect(p).toMatchObject({ name: "kubeadm", managedControlPlane: false });
    expect(p.evidence[0]).toContain("(2)");
  });

  it("when minikube labels accompany mirror pods, then the evidence says minikube", () => {
    const p = detect([node("minikube", { labels: { "minikube.k8s.io/name": "minikube" } }), mirrorPod("kube-apiserver")]);
    expect(p.evidence[0]).toContain("minikube");
  });

  it("when only provider ids hint at a cloud, then the managed service is assumed and the evidence says it is weak", () => {
    const p = detect([node("n1", { providerID: "gce://proj/europe-west1-b/n1" })]);
    expect(p).toMatchObject({ name: "gke", managedControlPlane: true });
    expect(p.evidence[0]).toContain("weak");
  });

  it("when nothing identifies the distribution, then it is unknown and not managed", () => {
    expect(detect([node("n1")])).toMatchObject({ name: "unknown", managedControlPlane: false });
    expect(detect([])).toMatchObject({ name: "unknown", managedControlPlane: false });
  });

  it("when a platform is named in a message, then it reads as a product name", () => {
    expect(platformLabel("eks")).toBe("Amazon EKS");
  });
});
