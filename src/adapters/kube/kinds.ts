// Where each kind a check may read lives in the API. Discovery decides at read
// time which of the versions the cluster serves (and confirms plural and scope);
// this table says where to look. Versions are in preference order, so clusters
// that only serve an older API (Istio v1beta1, VAP v1beta1) are still read.

export interface KindApi {
  /** API group; "" for the core group served under /api. */
  group: string;
  versions: readonly string[];
  plural: string;
  namespaced: boolean;
}

const core = (plural: string, namespaced: boolean): KindApi => ({ group: "", versions: ["v1"], plural, namespaced });
const api = (group: string, versions: readonly string[], plural: string, namespaced: boolean): KindApi => ({
  group,
  versions,
  plural,
  namespaced,
});

const ADMISSION_POLICY_VERSIONS = ["v1", "v1beta1", "v1alpha1"];
const ISTIO_VERSIONS = ["v1", "v1beta1"];
const GATEWAY_API_VERSIONS = ["v1", "v1beta1"];

export const KIND_APIS: Readonly<Record<string, KindApi>> = {
  // core
  Namespace: core("namespaces", false),
  Node: core("nodes", false),
  Pod: core("pods", true),
  Service: core("services", true),
  ServiceAccount: core("serviceaccounts", true),
  Secret: core("secrets", true),
  ConfigMap: core("configmaps", true),
  LimitRange: core("limitranges", true),
  ResourceQuota: core("resourcequotas", true),
  PersistentVolume: core("persistentvolumes", false),
  PersistentVolumeClaim: core("persistentvolumeclaims", true),
  Endpoints: core("endpoints", true),
  ReplicationController: core("replicationcontrollers", true),

  // workloads
  Deployment: api("apps", ["v1"], "deployments", true),
  ReplicaSet: api("apps", ["v1"], "replicasets", true),
  StatefulSet: api("apps", ["v1"], "statefulsets", true),
  DaemonSet: api("apps", ["v1"], "daemonsets", true),
  Job: api("batch", ["v1"], "jobs", true),
  CronJob: api("batch", ["v1", "v1beta1"], "cronjobs", true),
  PodDisruptionBudget: api("policy", ["v1", "v1beta1"], "poddisruptionbudgets", true),
  PodSecurityPolicy: api("policy", ["v1beta1"], "podsecuritypolicies", false),
  HorizontalPodAutoscaler: api("autoscaling", ["v2", "v1"], "horizontalpodautoscalers", true),
  PriorityClass: api("scheduling.k8s.io", ["v1"], "priorityclasses", false),

  // RBAC and authentication plumbing
  Role: api("rbac.authorization.k8s.io", ["v1"], "roles", true),
  ClusterRole: api("rbac.authorization.k8s.io", ["v1"], "clusterroles", false),
  RoleBinding: api("rbac.authorization.k8s.io", ["v1"], "rolebindings", true),
  ClusterRoleBinding: api("rbac.authorization.k8s.io", ["v1"], "clusterrolebindings", false),
  CertificateSigningRequest: api("certificates.k8s.io", ["v1"], "certificatesigningrequests", false),
  APIService: api("apiregistration.k8s.io", ["v1"], "apiservices", false),
  FlowSchema: api("flowcontrol.apiserver.k8s.io", ["v1", "v1beta3", "v1beta2"], "flowschemas", false),
  PriorityLevelConfiguration: api(
    "flowcontrol.apiserver.k8s.io",
    ["v1", "v1beta3", "v1beta2"],
    "prioritylevelconfigurations",
    false,
  ),

  // network
  NetworkPolicy: api("networking.k8s.io", ["v1"], "networkpolicies", true),
  Ingress: api("networking.k8s.io", ["v1"], "ingresses", true),
  IngressClass: api("networking.k8s.io", ["v1"], "ingressclasses", false),
  EndpointSlice: api("discovery.k8s.io", ["v1"], "endpointslices", true),
  GatewayClass: api("gateway.networking.k8s.io", GATEWAY_API_VERSIONS, "gatewayclasses", false),
  HTTPRoute: api("gateway.networking.k8s.io", GATEWAY_API_VERSIONS, "httproutes", true),
  CiliumNetworkPolicy: api("cilium.io", ["v2"], "ciliumnetworkpolicies", true),
  CiliumClusterwideNetworkPolicy: api("cilium.io", ["v2"], "ciliumclusterwidenetworkpolicies", false),
  GlobalNetworkPolicy: api("crd.projectcalico.org", ["v1"], "globalnetworkpolicies", false),

  // admission
  ValidatingWebhookConfiguration: api("admissionregistration.k8s.io", ["v1"], "validatingwebhookconfigurations", false),
  MutatingWebhookConfiguration: api("admissionregistration.k8s.io", ["v1"], "mutatingwebhookconfigurations", false),
  ValidatingAdmissionPolicy: api(
    "admissionregistration.k8s.io",
    ADMISSION_POLICY_VERSIONS,
    "validatingadmissionpolicies",
    false,
  ),
  ValidatingAdmissionPolicyBinding: api(
    "admissionregistration.k8s.io",
    ADMISSION_POLICY_VERSIONS,
    "validatingadmissionpolicybindings",
    false,
  ),
  MutatingAdmissionPolicy: api("admissionregistration.k8s.io", ["v1beta1", "v1alpha1"], "mutatingadmissionpolicies", false),
  MutatingAdmissionPolicyBinding: api(
    "admissionregistration.k8s.io",
    ["v1beta1", "v1alpha1"],
    "mutatingadmissionpolicybindings",
    false,
  ),
  ClusterPolicy: api("kyverno.io", ["v1"], "clusterpolicies", false),
  Policy: api("kyverno.io", ["v1"], "policies", true),
  PolicyReport: api("wgpolicyk8s.io", ["v1alpha2"], "policyreports", true),
  ClusterPolicyReport: api("wgpolicyk8s.io", ["v1alpha2"], "clusterpolicyreports", false),
  ConstraintTemplate: api("templates.gatekeeper.sh", ["v1", "v1beta1"], "constrainttemplates", false),
  ClusterImagePolicy: api("policy.sigstore.dev", ["v1beta1", "v1alpha1"], "clusterimagepolicies", false),

  // node isolation and runtime security
  RuntimeClass: api("node.k8s.io", ["v1"], "runtimeclasses", false),
  TracingPolicy: api("cilium.io", ["v1alpha1"], "tracingpolicies", false),
  TracingPolicyNamespaced: api("cilium.io", ["v1alpha1"], "tracingpoliciesnamespaced", true),
  KubeArmorPolicy: api("security.kubearmor.com", ["v1"], "kubearmorpolicies", true),
  KubeArmorClusterPolicy: api("security.kubearmor.com", ["v1"], "kubearmorclusterpolicies", false),
  KubeArmorHostPolicy: api("security.kubearmor.com", ["v1"], "kubearmorhostpolicies", false),

  // service mesh
  PeerAuthentication: api("security.istio.io", ISTIO_VERSIONS, "peerauthentications", true),
  AuthorizationPolicy: api("security.istio.io", ISTIO_VERSIONS, "authorizationpolicies", true),
  RequestAuthentication: api("security.istio.io", ISTIO_VERSIONS, "requestauthentications", true),
  DestinationRule: api("networking.istio.io", ["v1", "v1beta1", "v1alpha3"], "destinationrules", true),
  Sidecar: api("networking.istio.io", ["v1", "v1beta1", "v1alpha3"], "sidecars", true),

  // OpenShift
  SecurityContextConstraints: api("security.openshift.io", ["v1"], "securitycontextconstraints", false),
  DeploymentConfig: api("apps.openshift.io", ["v1"], "deploymentconfigs", true),

  // secrets and certificates
  Certificate: api("cert-manager.io", ["v1"], "certificates", true),
  Issuer: api("cert-manager.io", ["v1"], "issuers", true),
  ClusterIssuer: api("cert-manager.io", ["v1"], "clusterissuers", false),
  ExternalSecret: api("external-secrets.io", ["v1", "v1beta1"], "externalsecrets", true),
  SecretStore: api("external-secrets.io", ["v1", "v1beta1"], "secretstores", true),
  ClusterSecretStore: api("external-secrets.io", ["v1", "v1beta1"], "clustersecretstores", false),
  SealedSecret: api("bitnami.com", ["v1alpha1"], "sealedsecrets", true),
  SecretProviderClass: api("secrets-store.csi.x-k8s.io", ["v1", "v1alpha1"], "secretproviderclasses", true),

  // monitoring and image scanning
  ServiceMonitor: api("monitoring.coreos.com", ["v1"], "servicemonitors", true),
  PodMonitor: api("monitoring.coreos.com", ["v1"], "podmonitors", true),
  PrometheusRule: api("monitoring.coreos.com", ["v1"], "prometheusrules", true),
  Prometheus: api("monitoring.coreos.com", ["v1"], "prometheuses", true),
  Alertmanager: api("monitoring.coreos.com", ["v1"], "alertmanagers", true),
  VulnerabilityReport: api("aquasecurity.github.io", ["v1alpha1"], "vulnerabilityreports", true),

  // extension points and storage
  CustomResourceDefinition: api("apiextensions.k8s.io", ["v1"], "customresourcedefinitions", false),
  StorageClass: api("storage.k8s.io", ["v1"], "storageclasses", false),
  CSIDriver: api("storage.k8s.io", ["v1"], "csidrivers", false),
};

export function kindApi(kind: string): KindApi | undefined {
  return Object.hasOwn(KIND_APIS, kind) ? KIND_APIS[kind] : undefined;
}

/** The URL prefix of a group/version: `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(group: string, version: string): string {
  return group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}
