import type { KubeObject } from "./types.js";

// Kinds that live outside namespaces. Anything not listed is treated as namespaced,
// which is the safe default for custom resources.
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "APIService",
  "StorageClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "PriorityClass",
  "RuntimeClass",
  "IngressClass",
  "GatewayClass",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "CertificateSigningRequest",
  "PodSecurityPolicy",
  "SecurityContextConstraints",
  "ClusterPolicy",
  "ClusterPolicyReport",
  "ConstraintTemplate",
  "ClusterIssuer",
  "TracingPolicy",
  "KubeArmorClusterPolicy",
  "FlowSchema",
  "CiliumClusterwideNetworkPolicy",
  "GlobalNetworkPolicy",
  "KubeArmorHostPolicy",
  "ClusterSecretStore",
  "ClusterImagePolicy",
  "PriorityLevelConfiguration",
]);

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The namespace an object lives in: `default` for namespaced objects that omit it. */
export function namespaceOf(obj: KubeObject): string | undefined {
  if (isClusterScopedKind(obj.kind)) return undefined;
  return obj.metadata.namespace ?? "default";
}
