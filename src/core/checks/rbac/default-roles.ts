// The user-facing ClusterRoles every cluster ships, summarised to the rules the
// checks look at. Used only when a binding names one of them and the input does
// not carry it (manifest folders rarely include what Kubernetes creates itself);
// a live snapshot always has the real, aggregated objects.
import type { PolicyRule } from "../../snapshot/k8s-types.js";

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];

const VIEW: PolicyRule[] = [
  {
    apiGroups: [""],
    resources: ["configmaps", "endpoints", "persistentvolumeclaims", "pods", "pods/log", "pods/status", "replicationcontrollers", "serviceaccounts", "services", "events", "limitranges", "namespaces", "resourcequotas"],
    verbs: READ,
  },
  { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "replicasets", "statefulsets"], verbs: READ },
  { apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: READ },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
];

const EDIT: PolicyRule[] = [
  ...VIEW,
  { apiGroups: [""], resources: ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], verbs: READ },
  { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
  { apiGroups: [""], resources: ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], verbs: WRITE },
  {
    apiGroups: [""],
    resources: ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "secrets", "serviceaccounts", "services", "services/proxy"],
    verbs: WRITE,
  },
  { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] },
  { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "replicasets", "statefulsets", "deployments/scale", "statefulsets/scale"], verbs: WRITE },
  { apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: WRITE },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: WRITE },
];

const ADMIN: PolicyRule[] = [
  ...EDIT,
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: [...READ, ...WRITE] },
  { apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"], verbs: ["create"] },
];

export const DEFAULT_CLUSTER_ROLES: Readonly<Record<string, PolicyRule[]>> = {
  "cluster-admin": [
    { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
    { nonResourceURLs: ["*"], verbs: ["*"] },
  ],
  admin: ADMIN,
  edit: EDIT,
  view: VIEW,
};
