// A deterministic synthetic cluster for benchmarks: namespaces with teams' workloads,
// their ReplicaSets and Pods, RBAC, network policies and secrets, at a chosen scale.
import type { ClusterSnapshot, KubeObject } from "../src/core/snapshot/types.js";

export interface Scale {
  namespaces: number;
  deploymentsPerNamespace: number;
  podsPerDeployment: number;
  rbacObjects: number;
  networkPolicies: number;
  secrets: number;
  nodes: number;
}

export const FULL_SCALE: Scale = {
  namespaces: 2000,
  deploymentsPerNamespace: 5,
  podsPerDeployment: 4,
  rbacObjects: 20000,
  networkPolicies: 5000,
  secrets: 5000,
  nodes: 100,
};

export function halfScale(s: Scale): Scale {
  return {
    namespaces: s.namespaces / 2,
    deploymentsPerNamespace: s.deploymentsPerNamespace,
    podsPerDeployment: s.podsPerDeployment,
    rbacObjects: s.rbacObjects / 2,
    networkPolicies: s.networkPolicies / 2,
    secrets: s.secrets / 2,
    nodes: s.nodes / 2,
  };
}

// Small seeded PRNG so every run benchmarks the same cluster.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ["payments", "checkout", "search", "data", "ml", "identity", "growth", "ops"];
const IMAGES = [
  "registry.example.com/app/api:1.4.2",
  "registry.example.com/app/worker:2.0.0",
  "nginx:latest",
  "redis",
  "ghcr.io/example/exporter@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
  "k8s.gcr.io/pause:3.2",
];

function container(r: () => number, name: string) {
  const hardened = r() < 0.5;
  return {
    name,
    image: IMAGES[Math.floor(r() * IMAGES.length)],
    imagePullPolicy: r() < 0.3 ? "Always" : "IfNotPresent",
    ports: [{ containerPort: 8080, protocol: "TCP", ...(r() < 0.02 ? { hostPort: 8080 } : {}) }],
    env: [
      { name: "LOG_LEVEL", value: "info" },
      ...(r() < 0.3 ? [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] : []),
      ...(r() < 0.05 ? [{ name: "API_TOKEN", value: "placeholder-not-a-secret" }] : []),
    ],
    resources: r() < 0.7 ? { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } } : {},
    ...(r() < 0.6 ? { livenessProbe: { httpGet: { path: "/healthz", port: 8080 } }, readinessProbe: { httpGet: { path: "/ready", port: 8080 } } } : {}),
    securityContext: hardened
      ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, capabilities: { drop: ["ALL"] } }
      : r() < 0.05
        ? { privileged: true }
        : {},
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  };
}

export function generateCluster(scale: Scale, seed = 42): ClusterSnapshot {
  const r = rng(seed);
  const objects: KubeObject[] = [];
  const created = "2026-01-15T10:00:00Z";
  for (let n = 0; n < scale.nodes; n++) {
    const cp = n < 3;
    objects.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `node-${n}`, labels: { "kubernetes.io/hostname": `node-${n}`, ...(cp ? { "node-role.kubernetes.io/control-plane": "" } : {}) } },
      spec: cp ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } : {},
      status: { nodeInfo: { kubeletVersion: "v1.31.4", containerRuntimeVersion: "containerd://1.7.24", kernelVersion: "6.1.0-28-amd64", osImage: "Debian GNU/Linux 12" } },
    });
  }
  for (const component of ["kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler"]) {
    objects.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `${component}-node-0`, namespace: "kube-system", labels: { component, tier: "control-plane" }, ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "node-0", controller: true }] },
      spec: { hostNetwork: true, containers: [{ name: component, image: `registry.k8s.io/${component}:v1.31.4`, command: [component, "--profiling=false", "--authorization-mode=Node,RBAC", "--anonymous-auth=false"] }] },
    });
  }
  let rs = 0;
  for (let i = 0; i < scale.namespaces; i++) {
    const team = TEAMS[i % TEAMS.length]!;
    const ns = `${team}-${i}`;
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { team, ...(r() < 0.5 ? { "pod-security.kubernetes.io/enforce": r() < 0.5 ? "restricted" : "baseline" } : {}) } },
    });
    objects.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: ns } });
    for (let d = 0; d < scale.deploymentsPerNamespace; d++) {
      const app = `svc-${d}`;
      const labels = { app, team };
      const podSpec = {
        serviceAccountName: r() < 0.5 ? "default" : app,
        ...(r() < 0.3 ? { automountServiceAccountToken: false } : {}),
        ...(r() < 0.5 ? { securityContext: { seccompProfile: { type: "RuntimeDefault" }, runAsNonRoot: true } } : {}),
        ...(r() < 0.01 ? { hostNetwork: true } : {}),
        containers: [container(r, app), ...(r() < 0.3 ? [container(r, "sidecar")] : [])],
        volumes: [{ name: "tmp", emptyDir: {} }, ...(r() < 0.02 ? [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }] : [])],
      };
      const deployment = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: app, namespace: ns, labels, uid: `dep-${i}-${d}`, creationTimestamp: created },
        spec: { replicas: scale.podsPerDeployment, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
      };
      objects.push(deployment);
      const rsName = `${app}-${(rs++).toString(36).padStart(8, "x")}`;
      objects.push({
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: rsName, namespace: ns, labels, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: app, controller: true }] },
        spec: { replicas: scale.podsPerDeployment, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
      });
      for (let p = 0; p < scale.podsPerDeployment; p++) {
        objects.push({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: `${rsName}-${p}`, namespace: ns, labels, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName, controller: true }] },
          spec: { ...podSpec, nodeName: `node-${3 + Math.floor(r() * (scale.nodes - 3))}` },
          status: { phase: "Running" },
        });
      }
      objects.push({ apiVersion: "v1", kind: "Service", metadata: { name: app, namespace: ns }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
    }
  }
  const nsNames = objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name);
  const pick = () => nsNames[Math.floor(r() * nsNames.length)]!;
  for (let k = 0; k < scale.networkPolicies; k++) {
    const ns = nsNames[k % nsNames.length]!;
    const deny = k < nsNames.length;
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: deny ? "default-deny" : `allow-${k}`, namespace: ns },
      spec: deny
        ? { podSelector: {}, policyTypes: ["Ingress", "Egress"] }
        : { podSelector: { matchLabels: { app: `svc-${k % 7}` } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "svc-0" } } }] }], policyTypes: ["Ingress"] },
    });
  }
  for (let k = 0; k < scale.secrets; k++) {
    objects.push({
      apiVersion: "v1",
      kind: "Secret",
      type: k % 50 === 0 ? "kubernetes.io/service-account-token" : "Opaque",
      metadata: { name: `secret-${k}`, namespace: pick(), creationTimestamp: r() < 0.5 ? "2025-01-01T00:00:00Z" : "2026-11-01T00:00:00Z" },
      data: { password: "" },
    });
  }
  // RBAC: a quarter each of Roles, RoleBindings, ClusterRoles, ClusterRoleBindings.
  const quarter = scale.rbacObjects / 4;
  for (let k = 0; k < quarter; k++) {
    const ns = pick();
    const wild = r() < 0.02;
    objects.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: `role-${k}`, namespace: ns },
      rules: [{ apiGroups: [""], resources: wild ? ["*"] : r() < 0.1 ? ["secrets"] : ["configmaps", "pods"], verbs: wild ? ["*"] : ["get", "list", "watch"] }],
    });
    objects.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: `rb-${k}`, namespace: ns },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `role-${k}` },
      subjects: [{ kind: "ServiceAccount", name: r() < 0.1 ? "default" : "svc-0", namespace: ns }],
    });
    objects.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: `cluster-role-${k}`, ...(k % 100 === 0 ? { labels: { "rbac.example.com/aggregate-to-ops": "true" } } : {}) },
      rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: r() < 0.05 ? ["*"] : ["get", "list"] }, ...(r() < 0.03 ? [{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }] : [])],
    });
    objects.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: `crb-${k}` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: k % 1000 === 0 ? "cluster-admin" : `cluster-role-${k}` },
      subjects: [{ kind: "Group", name: k % 997 === 0 ? "system:authenticated" : `team-${k % 50}` }],
    });
  }
  objects.push({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "ops-aggregate" },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate-to-ops": "true" } }] },
    rules: [],
  });
  const kubeletConfigs: ClusterSnapshot["kubeletConfigs"] = {};
  for (let n = 0; n < scale.nodes; n++) {
    kubeletConfigs[`node-${n}`] = {
      state: "listed",
      config: {
        authentication: { anonymous: { enabled: n % 10 === 0 }, webhook: { enabled: true }, x509: { clientCAFile: "/etc/kubernetes/pki/ca.crt" } },
        authorization: { mode: "Webhook" },
        readOnlyPort: n % 10 === 0 ? 10255 : 0,
        rotateCertificates: true,
        seccompDefault: n % 2 === 0,
        podPidsLimit: 4096,
        protectKernelDefaults: true,
        streamingConnectionIdleTimeout: "5m",
        makeIPTablesUtilChains: true,
      },
    };
  }
  return {
    schemaVersion: 1,
    source: { type: "snapshot", description: `synthetic cluster (${scale.namespaces} namespaces)`, capturedAt: "2026-11-27T00:00:00Z" },
    version: { gitVersion: "v1.31.4", major: "1", minor: "31" },
    objects,
    kubeletConfigs,
    visibility: {},
    complete: true,
    notes: [],
  };
}
