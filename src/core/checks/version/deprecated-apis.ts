// Deprecated and removed built-in API versions, from the Kubernetes deprecated
// API migration guide. `deprecatedIn`/`removedIn` are Kubernetes minors.

export interface DeprecatedApi {
  apiVersion: string;
  kinds: readonly string[];
  deprecatedIn: string;
  removedIn: string;
  /** The API version to move to; absent when the API was dropped without one. */
  replacement?: string;
}

export const DEPRECATED_APIS: readonly DeprecatedApi[] = [
  { apiVersion: "extensions/v1beta1", kinds: ["Deployment", "DaemonSet", "ReplicaSet"], deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "extensions/v1beta1", kinds: ["NetworkPolicy"], deprecatedIn: "1.9", removedIn: "1.16", replacement: "networking.k8s.io/v1" },
  { apiVersion: "extensions/v1beta1", kinds: ["PodSecurityPolicy"], deprecatedIn: "1.11", removedIn: "1.16", replacement: "policy/v1beta1" },
  { apiVersion: "extensions/v1beta1", kinds: ["Ingress"], deprecatedIn: "1.14", removedIn: "1.22", replacement: "networking.k8s.io/v1" },
  { apiVersion: "apps/v1beta1", kinds: ["Deployment", "StatefulSet", "ReplicaSet"], deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "apps/v1beta2", kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"], deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], deprecatedIn: "1.19", removedIn: "1.22", replacement: "networking.k8s.io/v1" },
  {
    apiVersion: "admissionregistration.k8s.io/v1beta1",
    kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
    deprecatedIn: "1.16",
    removedIn: "1.22",
    replacement: "admissionregistration.k8s.io/v1",
  },
  { apiVersion: "apiextensions.k8s.io/v1beta1", kinds: ["CustomResourceDefinition"], deprecatedIn: "1.16", removedIn: "1.22", replacement: "apiextensions.k8s.io/v1" },
  { apiVersion: "apiregistration.k8s.io/v1beta1", kinds: ["APIService"], deprecatedIn: "1.19", removedIn: "1.22", replacement: "apiregistration.k8s.io/v1" },
  { apiVersion: "rbac.authorization.k8s.io/v1beta1", kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], deprecatedIn: "1.17", removedIn: "1.22", replacement: "rbac.authorization.k8s.io/v1" },
  { apiVersion: "rbac.authorization.k8s.io/v1alpha1", kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], deprecatedIn: "1.17", removedIn: "1.22", replacement: "rbac.authorization.k8s.io/v1" },
  { apiVersion: "scheduling.k8s.io/v1beta1", kinds: ["PriorityClass"], deprecatedIn: "1.14", removedIn: "1.22", replacement: "scheduling.k8s.io/v1" },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["StorageClass", "CSIDriver"], deprecatedIn: "1.19", removedIn: "1.22", replacement: "storage.k8s.io/v1" },
  { apiVersion: "batch/v1beta1", kinds: ["CronJob"], deprecatedIn: "1.21", removedIn: "1.25", replacement: "batch/v1" },
  { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget"], deprecatedIn: "1.21", removedIn: "1.25", replacement: "policy/v1" },
  { apiVersion: "policy/v1beta1", kinds: ["PodSecurityPolicy"], deprecatedIn: "1.21", removedIn: "1.25" },
  { apiVersion: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], deprecatedIn: "1.22", removedIn: "1.25", replacement: "autoscaling/v2" },
  { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], deprecatedIn: "1.23", removedIn: "1.26", replacement: "autoscaling/v2" },
  { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], deprecatedIn: "1.20", removedIn: "1.25", replacement: "node.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kinds: ["FlowSchema", "PriorityLevelConfiguration"], deprecatedIn: "1.23", removedIn: "1.26", replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kinds: ["FlowSchema", "PriorityLevelConfiguration"], deprecatedIn: "1.26", removedIn: "1.29", replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kinds: ["FlowSchema", "PriorityLevelConfiguration"], deprecatedIn: "1.29", removedIn: "1.32", replacement: "flowcontrol.apiserver.k8s.io/v1" },
];

/** Every kind the table covers: what the check reads. */
export const DEPRECATED_API_KINDS: readonly string[] = [...new Set(DEPRECATED_APIS.flatMap((d) => d.kinds))].sort();

// apiVersion -> kind -> entry: asked for every object of the covered kinds, so
// no key string is built per question.
const byVersion = new Map<string, Map<string, DeprecatedApi>>();
for (const d of DEPRECATED_APIS) {
  let kinds = byVersion.get(d.apiVersion);
  if (!kinds) byVersion.set(d.apiVersion, (kinds = new Map()));
  for (const k of d.kinds) kinds.set(k, d);
}

export function deprecationOf(apiVersion: string, kind: string): DeprecatedApi | undefined {
  return byVersion.get(apiVersion)?.get(kind);
}
