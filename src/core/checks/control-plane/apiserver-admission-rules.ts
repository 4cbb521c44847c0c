// kube-apiserver admission plugin rules (CIS 1.12 1.2.3 and 1.2.9-1.2.14, plus
// PodSecurity). Plugins are judged as the effective set: the defaults, plus
// --enable-admission-plugins, minus --disable-admission-plugins.
import { kcv, type FlagRule } from "./flag-rule.js";

const API = "kube-apiserver" as const;
const MANIFEST = "/etc/kubernetes/manifests/kube-apiserver.yaml";

export const apiServerAdmissionRules: FlagRule[] = [
  {
    id: "apiserver-admission-always-admit-disabled",
    component: API,
    title: "AlwaysAdmit admission plugin is not enabled",
    severity: "high",
    category: "admission",
    references: { cis: ["1.2.10"], kubescape: ["C-0122"], checkov: ["CKV_K8S_79"], trivy: kcv(11) },
    description: "AlwaysAdmit (deprecated) lets every request through admission regardless of the other plugins' intent.",
    remediation: `Remove AlwaysAdmit from --enable-admission-plugins in ${MANIFEST}.`,
    test: { op: "pluginNotEnabled", plugin: "AlwaysAdmit" },
    examples: { pass: [["--enable-admission-plugins=NodeRestriction"], []], fail: [["--enable-admission-plugins=NodeRestriction,AlwaysAdmit"]] },
  },
  {
    id: "apiserver-admission-node-restriction",
    component: API,
    title: "NodeRestriction admission plugin is enabled",
    severity: "high",
    category: "node-isolation",
    references: { cis: ["1.2.14"], kubescape: ["C-0127"], checkov: ["CKV_K8S_85"], trivy: kcv(16) },
    description:
      "NodeRestriction stops a kubelet from modifying other nodes, pods bound elsewhere, and node labels that steer workloads (node-restriction.kubernetes.io/). It is not in the default plugin set.",
    remediation: `Add NodeRestriction to --enable-admission-plugins in ${MANIFEST} and keep Node in --authorization-mode.`,
    test: { op: "pluginEnabled", plugin: "NodeRestriction" },
    examples: { pass: [["--enable-admission-plugins=NodeRestriction"]], fail: [["--enable-admission-plugins=ResourceQuota"], []] },
  },
  {
    id: "apiserver-admission-pod-security",
    component: API,
    title: "PodSecurity admission plugin is not disabled",
    severity: "high",
    category: "admission",
    references: {},
    description:
      "The built-in PodSecurity plugin enforces the namespace pod-security.kubernetes.io labels. Disabling it silently turns every enforce label into decoration.",
    remediation: `Remove PodSecurity from --disable-admission-plugins in ${MANIFEST} (it is on by default since Kubernetes 1.25).`,
    test: { op: "pluginEnabled", plugin: "PodSecurity" },
    examples: { pass: [[], ["--enable-admission-plugins=NodeRestriction"]], fail: [["--disable-admission-plugins=PodSecurity"]] },
  },
  {
    id: "apiserver-admission-service-account",
    component: API,
    title: "ServiceAccount admission plugin is not disabled",
    severity: "medium",
    category: "admission",
    references: { cis: ["1.2.12"], kubescape: ["C-0125"], trivy: kcv(14) },
    description:
      "The ServiceAccount plugin assigns service accounts and projected tokens to pods; disabling it lets pods reference accounts and token volumes without checks.",
    remediation: `Remove ServiceAccount from --disable-admission-plugins in ${MANIFEST}.`,
    test: { op: "pluginEnabled", plugin: "ServiceAccount" },
    examples: { pass: [[]], fail: [["--disable-admission-plugins=ServiceAccount"]] },
  },
  {
    id: "apiserver-admission-namespace-lifecycle",
    component: API,
    title: "NamespaceLifecycle admission plugin is not disabled",
    severity: "medium",
    category: "admission",
    references: { cis: ["1.2.13"], kubescape: ["C-0126"], trivy: kcv(15) },
    description:
      "NamespaceLifecycle refuses objects in terminating or missing namespaces and protects kube-system, kube-public and default from deletion.",
    remediation: `Remove NamespaceLifecycle from --disable-admission-plugins in ${MANIFEST}.`,
    test: { op: "pluginEnabled", plugin: "NamespaceLifecycle" },
    examples: { pass: [[]], fail: [["--disable-admission-plugins=NamespaceLifecycle"]] },
  },
  {
    id: "apiserver-admission-always-pull-images",
    component: API,
    title: "AlwaysPullImages admission plugin is enabled",
    severity: "low",
    category: "admission",
    references: { cis: ["1.2.11"], kubescape: ["C-0123"], checkov: ["CKV_K8S_80"], trivy: kcv(12) },
    description:
      "Without AlwaysPullImages a pod can run any image already cached on its node without the pull credentials it would need, which matters on multi-tenant nodes. CIS marks it manual: it makes every pod start depend on the registry.",
    remediation: `Add AlwaysPullImages to --enable-admission-plugins in ${MANIFEST} if tenants share nodes and your registry is highly available.`,
    test: { op: "pluginEnabled", plugin: "AlwaysPullImages" },
    examples: { pass: [["--enable-admission-plugins=NodeRestriction,AlwaysPullImages"]], fail: [["--enable-admission-plugins=NodeRestriction"]] },
  },
  {
    id: "apiserver-admission-event-rate-limit",
    component: API,
    title: "EventRateLimit admission plugin is enabled",
    severity: "low",
    category: "admission",
    references: { cis: ["1.2.9"], kubescape: ["C-0121"], checkov: ["CKV_K8S_78"], trivy: kcv(10) },
    description:
      "EventRateLimit caps how fast events are accepted, so a noisy or hostile client cannot flood etcd through the events API. CIS marks it manual; it needs a configuration file.",
    remediation: `Add EventRateLimit to --enable-admission-plugins and point --admission-control-config-file at an EventRateLimit configuration in ${MANIFEST}.`,
    test: { op: "pluginEnabled", plugin: "EventRateLimit" },
    examples: { pass: [["--enable-admission-plugins=NodeRestriction,EventRateLimit", "--admission-control-config-file=/etc/kubernetes/admission.yaml"]], fail: [["--enable-admission-plugins=NodeRestriction"]] },
  },
  {
    id: "apiserver-admission-deny-service-external-ips",
    component: API,
    title: "DenyServiceExternalIPs admission plugin is enabled",
    severity: "low",
    category: "admission",
    references: { cis: ["1.2.3"], kubescape: ["C-0283"] },
    description:
      "Anyone who may create a Service can set spec.externalIPs and intercept traffic to those addresses (CVE-2020-8554). DenyServiceExternalIPs refuses new external IPs.",
    remediation: `Add DenyServiceExternalIPs to --enable-admission-plugins in ${MANIFEST}, after moving legitimate users of externalIPs to LoadBalancer Services.`,
    test: { op: "pluginEnabled", plugin: "DenyServiceExternalIPs" },
    examples: { pass: [["--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs"]], fail: [["--enable-admission-plugins=NodeRestriction"]] },
  },
];
