// Kubelet rules (CIS Kubernetes Benchmark 1.12 section 4.2) as data: which
// configz field / flag each reads and the condition that passes.
import { kcv } from "../control-plane/flag-rule.js";
import type { KubeletField, KubeletRule } from "./kubelet-rule.js";

const CONFIG = "/var/lib/kubelet/config.yaml";

// configAbsent: zero value for omitempty fields, the v1beta1 default for defaulted pointers.
// flagDefault: what the kubelet binary uses with neither the flag nor a config file.
export const FIELDS = {
  anonymous: { config: "authentication.anonymous.enabled", configAbsent: false, flag: "anonymous-auth", flagDefault: true },
  authzMode: { config: "authorization.mode", configAbsent: "Webhook", flag: "authorization-mode", flagDefault: "AlwaysAllow" },
  clientCA: { config: "authentication.x509.clientCAFile", configAbsent: "", flag: "client-ca-file", flagDefault: "" },
  webhookAuthn: { config: "authentication.webhook.enabled", configAbsent: true, flag: "authentication-token-webhook", flagDefault: false },
  readOnlyPort: { config: "readOnlyPort", configAbsent: 0, flag: "read-only-port", flagDefault: 10255 },
  streamingIdle: { config: "streamingConnectionIdleTimeout", configAbsent: "4h0m0s", flag: "streaming-connection-idle-timeout", flagDefault: "4h0m0s" },
  protectKernel: { config: "protectKernelDefaults", configAbsent: false, flag: "protect-kernel-defaults", flagDefault: false },
  iptablesChains: { config: "makeIPTablesUtilChains", configAbsent: true, flag: "make-iptables-util-chains", flagDefault: true },
  tlsCert: { config: "tlsCertFile", configAbsent: "", flag: "tls-cert-file", flagDefault: "" },
  tlsKey: { config: "tlsPrivateKeyFile", configAbsent: "", flag: "tls-private-key-file", flagDefault: "" },
  serverBootstrap: { config: "serverTLSBootstrap", configAbsent: false, flag: "rotate-server-certificates", flagDefault: false },
  rotateCerts: { config: "rotateCertificates", configAbsent: false, flag: "rotate-certificates", flagDefault: false },
  rotateServerGate: {
    config: "featureGates.RotateKubeletServerCertificate",
    configAbsent: true,
    flag: "feature-gates",
    gate: "RotateKubeletServerCertificate",
    flagDefault: true,
  },
  seccompDefault: { config: "seccompDefault", configAbsent: false, flag: "seccomp-default", flagDefault: false },
  podPids: { config: "podPidsLimit", configAbsent: -1, flag: "pod-max-pids", flagDefault: -1 },
} satisfies Record<string, KubeletField>;

export const kubeletRules: KubeletRule[] = [
  {
    id: "kubelet-anonymous-auth-disabled",
    title: "Kubelet rejects anonymous requests",
    severity: "critical",
    references: { cis: ["4.2.1"], kubescape: ["C-0069", "C-0172"], checkov: ["CKV_K8S_138"], trivy: kcv(79) },
    description:
      "With anonymous authentication on, anyone who reaches port 10250 is system:anonymous; combined with a permissive authorizer that is remote code execution in every pod on the node.",
    remediation: `Set authentication.anonymous.enabled: false in ${CONFIG} (or --anonymous-auth=false) and restart the kubelet.`,
    test: { field: FIELDS.anonymous, op: "eq", value: false },
    examples: {
      pass: [{ config: { authentication: { anonymous: { enabled: false } } } }, { flags: ["--anonymous-auth=false"] }],
      fail: [{ config: { authentication: { anonymous: { enabled: true } } } }, { flags: ["--anonymous-auth=true"] }, { flags: [] }],
    },
  },
  {
    id: "kubelet-authorization-not-always-allow",
    title: "Kubelet authorizes requests against the API server",
    severity: "critical",
    references: { cis: ["4.2.2"], kubescape: ["C-0173"], checkov: ["CKV_K8S_139"], trivy: kcv(80) },
    description:
      "authorization.mode AlwaysAllow lets every authenticated caller exec into pods, read logs and fetch node metrics. Webhook mode asks the API server (SubjectAccessReview), so RBAC applies. The kubelet binary defaults to AlwaysAllow when no config file sets the mode.",
    remediation: `Set authorization.mode: Webhook in ${CONFIG} (or --authorization-mode=Webhook) together with authentication.webhook.enabled: true.`,
    test: { field: FIELDS.authzMode, op: "notEq", value: "AlwaysAllow" },
    examples: {
      pass: [{ config: { authorization: { mode: "Webhook" } } }, { flags: ["--authorization-mode=Webhook"] }],
      fail: [{ config: { authorization: { mode: "AlwaysAllow" } } }, { flags: ["--authorization-mode=AlwaysAllow"] }, { flags: [] }],
    },
  },
  {
    id: "kubelet-client-ca-file",
    title: "Kubelet verifies client certificates",
    severity: "high",
    references: { cis: ["4.2.3"], kubescape: ["C-0070", "C-0174"], checkov: ["CKV_K8S_140"], trivy: kcv(81) },
    description:
      "Without authentication.x509.clientCAFile the kubelet cannot authenticate the API server's client certificate, so it falls back to tokens or anonymous access.",
    remediation: `Set authentication.x509.clientCAFile in ${CONFIG} (kubeadm: /etc/kubernetes/pki/ca.crt) or --client-ca-file.`,
    test: { field: FIELDS.clientCA, op: "nonEmpty" },
    examples: {
      pass: [{ config: { authentication: { x509: { clientCAFile: "/etc/kubernetes/pki/ca.crt" } } } }, { flags: ["--client-ca-file=/etc/kubernetes/pki/ca.crt"] }],
      fail: [{ config: { authentication: { x509: {} } } }, { flags: ["--root-ca-file=/etc/kubernetes/pki/ca.crt"] }],
    },
  },
  {
    id: "kubelet-webhook-authentication",
    title: "Kubelet checks bearer tokens with the API server",
    severity: "high",
    references: { cis: ["4.2.3"] },
    description:
      "With authentication.webhook.enabled the kubelet validates bearer tokens through TokenReview; without it service account tokens cannot be used against the kubelet and operators fall back to anonymous access.",
    remediation: `Set authentication.webhook.enabled: true in ${CONFIG} (or --authentication-token-webhook=true).`,
    test: { field: FIELDS.webhookAuthn, op: "eq", value: true },
    examples: {
      pass: [{ config: { authentication: { webhook: { enabled: true } } } }, { flags: ["--authentication-token-webhook=true"] }],
      fail: [{ config: { authentication: { webhook: { enabled: false } } } }, { flags: [] }],
    },
  },
  {
    id: "kubelet-read-only-port-disabled",
    title: "Kubelet read-only port is closed",
    severity: "high",
    references: { cis: ["4.2.4"], kubescape: ["C-0175"], checkov: ["CKV_K8S_141"], trivy: kcv(82) },
    description:
      "The read-only port (10255) serves pod specs, environment and metrics with no authentication at all. The kubelet binary opens it unless told otherwise.",
    remediation: `Set readOnlyPort: 0 in ${CONFIG} (or --read-only-port=0).`,
    test: { field: FIELDS.readOnlyPort, op: "eq", value: 0 },
    examples: {
      pass: [{ config: { readOnlyPort: 0 } }, { config: {} }, { flags: ["--read-only-port=0"] }],
      fail: [{ config: { readOnlyPort: 10255 } }, { flags: ["--read-only-port=10255"] }, { flags: [] }],
    },
  },
  {
    id: "kubelet-streaming-idle-timeout",
    title: "Kubelet closes idle streaming connections",
    severity: "medium",
    references: { cis: ["4.2.5"], kubescape: ["C-0176"], checkov: ["CKV_K8S_143"], trivy: kcv(85) },
    description: "streamingConnectionIdleTimeout 0 keeps exec, attach and port-forward sessions open forever, holding resources and forgotten shells.",
    remediation: `Set streamingConnectionIdleTimeout to a non-zero duration (e.g. 5m) in ${CONFIG}.`,
    test: { field: FIELDS.streamingIdle, op: "durationNonZero" },
    examples: {
      pass: [{ config: { streamingConnectionIdleTimeout: "5m0s" } }, { flags: ["--streaming-connection-idle-timeout=5m"] }],
      fail: [{ config: { streamingConnectionIdleTimeout: "0s" } }, { flags: ["--streaming-connection-idle-timeout=0"] }],
    },
  },
  {
    id: "kubelet-protect-kernel-defaults",
    title: "Kubelet refuses to change kernel tunables",
    severity: "medium",
    references: { kubescape: ["C-0177"], checkov: ["CKV_K8S_144"], trivy: kcv(83) },
    description:
      "With protectKernelDefaults the kubelet fails instead of silently overriding kernel settings that node hardening chose (older CIS releases listed it as 4.2.6).",
    remediation: `Tune the kernel parameters the kubelet expects (vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1) and set protectKernelDefaults: true in ${CONFIG}.`,
    test: { field: FIELDS.protectKernel, op: "eq", value: true },
    examples: {
      pass: [{ config: { protectKernelDefaults: true } }, { flags: ["--protect-kernel-defaults=true"] }],
      fail: [{ config: {} }, { flags: ["--protect-kernel-defaults=false"] }],
    },
  },
  {
    id: "kubelet-iptables-util-chains",
    title: "Kubelet manages its iptables chains",
    severity: "low",
    references: { cis: ["4.2.6"], kubescape: ["C-0178"], checkov: ["CKV_K8S_145"], trivy: kcv(84) },
    description: "With makeIPTablesUtilChains false the kubelet no longer keeps the chains that drop traffic marked for dropping, so node networking drifts from pod networking policy.",
    remediation: `Remove makeIPTablesUtilChains: false from ${CONFIG} (the default is true).`,
    test: { field: FIELDS.iptablesChains, op: "eq", value: true },
    examples: {
      pass: [{ config: { makeIPTablesUtilChains: true } }, { flags: [] }],
      fail: [{ config: { makeIPTablesUtilChains: false } }, { flags: ["--make-iptables-util-chains=false"] }],
    },
  },
  {
    id: "kubelet-serving-certificate",
    title: "Kubelet serves a CA-issued certificate",
    severity: "medium",
    references: { cis: ["4.2.9"], kubescape: ["C-0181"], checkov: ["CKV_K8S_148"], trivy: kcv(88, 89) },
    description:
      "Without tlsCertFile/tlsPrivateKeyFile or serverTLSBootstrap the kubelet serves a self-signed certificate, so the API server cannot verify it is talking to the real node.",
    remediation: `Set serverTLSBootstrap: true in ${CONFIG} and approve kubelet-serving CSRs, or provision tlsCertFile and tlsPrivateKeyFile from the cluster CA.`,
    test: {
      any: [
        { field: FIELDS.serverBootstrap, op: "eq", value: true },
        { all: [{ field: FIELDS.tlsCert, op: "nonEmpty" }, { field: FIELDS.tlsKey, op: "nonEmpty" }] },
      ],
    },
    examples: {
      pass: [
        { config: { serverTLSBootstrap: true } },
        { flags: ["--tls-cert-file=/var/lib/kubelet/pki/kubelet.crt", "--tls-private-key-file=/var/lib/kubelet/pki/kubelet.key"] },
      ],
      fail: [{ config: {} }, { flags: ["--tls-cert-file=/var/lib/kubelet/pki/kubelet.crt"] }],
    },
  },
  {
    id: "kubelet-rotate-certificates",
    title: "Kubelet rotates its client certificate",
    severity: "medium",
    references: { cis: ["4.2.10"], kubescape: ["C-0182"], checkov: ["CKV_K8S_149"], trivy: kcv(90) },
    description: "Without rotateCertificates the kubelet's client certificate expires (kubeadm: after a year) and the node drops out, tempting long-lived manual certificates.",
    remediation: `Set rotateCertificates: true in ${CONFIG} (or --rotate-certificates).`,
    test: { field: FIELDS.rotateCerts, op: "eq", value: true },
    examples: {
      pass: [{ config: { rotateCertificates: true } }, { flags: ["--rotate-certificates"] }],
      fail: [{ config: { rotateCertificates: false } }, { flags: [] }],
    },
  },
  {
    id: "kubelet-server-cert-rotation-gate",
    title: "Kubelet serving certificate rotation is not disabled",
    severity: "low",
    references: { cis: ["4.2.11"], kubescape: ["C-0183"], checkov: ["CKV_K8S_150"], trivy: kcv(91) },
    description: "featureGates.RotateKubeletServerCertificate=false stops the kubelet from renewing its serving certificate.",
    remediation: `Remove RotateKubeletServerCertificate: false from featureGates in ${CONFIG}.`,
    test: { field: FIELDS.rotateServerGate, op: "notEq", value: false },
    examples: {
      pass: [{ config: { featureGates: { RotateKubeletServerCertificate: true } } }, { config: {} }, { flags: [] }],
      fail: [{ config: { featureGates: { RotateKubeletServerCertificate: false } } }, { flags: ["--feature-gates=RotateKubeletServerCertificate=false"] }],
    },
  },
  {
    id: "kubelet-pod-pids-limit",
    title: "Kubelet limits processes per pod",
    severity: "medium",
    references: { cis: ["4.2.13"], kubescape: ["C-0284"] },
    description: "Without podPidsLimit one pod can fork-bomb the node and starve every other pod and the kubelet itself.",
    remediation: `Set podPidsLimit to a positive value sized for your workloads (e.g. 4096) in ${CONFIG} (or --pod-max-pids).`,
    test: { field: FIELDS.podPids, op: "gt", value: 0 },
    examples: {
      pass: [{ config: { podPidsLimit: 4096 } }, { flags: ["--pod-max-pids=4096"] }],
      fail: [{ config: { podPidsLimit: -1 } }, { flags: [] }],
    },
  },
  {
    id: "kubelet-seccomp-default",
    title: "Kubelet applies RuntimeDefault seccomp to every pod",
    severity: "medium",
    references: { cis: ["4.2.14"] },
    description: "With seccompDefault the kubelet confines pods that set no seccomp profile with the runtime's default filter instead of running them unconfined.",
    remediation: `Set seccompDefault: true in ${CONFIG} (or --seccomp-default) after testing workloads under RuntimeDefault.`,
    test: { field: FIELDS.seccompDefault, op: "eq", value: true },
    examples: {
      pass: [{ config: { seccompDefault: true } }, { flags: ["--seccomp-default"] }],
      fail: [{ config: { seccompDefault: false } }, { flags: [] }],
    },
  },
];
