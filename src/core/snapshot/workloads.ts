// Findings are reported against the object a person edits (Deployment, CronJob...),
// not against each ReplicaSet and Pod it spawns, and against the security context
// the container really runs with (pod level merged with container level).
import type { Container, PodSecurityContext, PodSpec, SecurityContext } from "./k8s-types.js";
import type { KubeObject } from "./types.js";

export const WORKLOAD_KINDS = [
  "Pod",
  "Deployment",
  "ReplicaSet",
  "ReplicationController",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "DeploymentConfig",
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const WORKLOAD_KIND_SET = new Set<string>(WORKLOAD_KINDS);

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return WORKLOAD_KIND_SET.has(kind);
}

export type ContainerType = "container" | "initContainer" | "ephemeralContainer";

export interface EffectiveContainer {
  container: Container;
  type: ContainerType;
  /** Container securityContext with the pod-level fields it inherits filled in. */
  securityContext: SecurityContext;
}

export interface Workload {
  object: KubeObject;
  kind: string;
  namespace: string;
  name: string;
  /** Labels and annotations the pods get (template metadata, or the pod's own). */
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  podSpec: PodSpec;
  containers: EffectiveContainer[];
  /** Mirror pods of the node's static manifests (control plane on kubeadm). */
  isMirrorPod: boolean;
}

interface Template {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: PodSpec;
}

export function podTemplateOf(obj: KubeObject): Template | undefined {
  const spec = obj["spec"] as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  switch (obj.kind) {
    case "Pod":
      return { metadata: obj.metadata, spec: spec as PodSpec };
    case "CronJob": {
      const jobTemplate = spec["jobTemplate"] as { spec?: { template?: Template } } | undefined;
      return jobTemplate?.spec?.template;
    }
    default:
      return isWorkloadKind(obj.kind) ? (spec["template"] as Template | undefined) : undefined;
  }
}

const INHERITED: (keyof PodSecurityContext & keyof SecurityContext)[] = [
  "runAsNonRoot",
  "runAsUser",
  "runAsGroup",
  "seccompProfile",
  "seLinuxOptions",
  "appArmorProfile",
  "windowsOptions",
];

const LEGACY_APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function legacyAppArmor(annotations: Record<string, string>, container: string): SecurityContext["appArmorProfile"] {
  const value = annotations[LEGACY_APPARMOR_PREFIX + container];
  if (value === undefined) return undefined;
  if (value === "runtime/default") return { type: "RuntimeDefault" };
  if (value === "unconfined") return { type: "Unconfined" };
  if (value.startsWith("localhost/")) return { type: "Localhost", localhostProfile: value.slice("localhost/".length) };
  return { type: value };
}

export function effectiveSecurityContext(
  pod: PodSecurityContext | undefined,
  container: SecurityContext | undefined,
  legacyAppArmorProfile?: SecurityContext["appArmorProfile"],
): SecurityContext {
  const merged: SecurityContext = { ...(container ?? {}) };
  for (const key of INHERITED) {
    if (merged[key] === undefined && pod?.[key] !== undefined) {
      (merged as Record<string, unknown>)[key] = pod[key];
    }
  }
  if (merged.appArmorProfile === undefined && legacyAppArmorProfile) merged.appArmorProfile = legacyAppArmorProfile;
  return merged;
}

export function effectiveContainers(spec: PodSpec, annotations: Record<string, string> = {}): EffectiveContainer[] {
  const out: EffectiveContainer[] = [];
  const add = (list: Container[] | undefined, type: ContainerType) => {
    for (const c of list ?? []) {
      out.push({
        container: c,
        type,
        securityContext: effectiveSecurityContext(spec.securityContext, c.securityContext, legacyAppArmor(annotations, c.name)),
      });
    }
  };
  add(spec.containers, "container");
  add(spec.initContainers, "initContainer");
  add(spec.ephemeralContainers, "ephemeralContainer");
  return out;
}

const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ""}/${name}`;

/**
 * The owner-level workloads of a snapshot. An object whose controller is itself
 * a workload present in the snapshot is folded into that owner; when the owner is
 * not visible (filtered input, forbidden kind) the object stands for itself.
 */
export function collectWorkloads(objects: readonly KubeObject[]): Workload[] {
  const present = new Set<string>();
  for (const o of objects) if (isWorkloadKind(o.kind)) present.add(key(o.kind, o.metadata.namespace, o.metadata.name));
  const workloads: Workload[] = [];
  for (const obj of objects) {
    if (!isWorkloadKind(obj.kind)) continue;
    const refs = obj.metadata.ownerReferences ?? [];
    const ownedByVisibleWorkload = refs.some(
      (r) => isWorkloadKind(r.kind) && present.has(key(r.kind, obj.metadata.namespace, r.name)),
    );
    if (ownedByVisibleWorkload) continue;
    const template = podTemplateOf(obj);
    if (!template?.spec) continue;
    const podAnnotations = template.metadata?.annotations ?? {};
    workloads.push({
      object: obj,
      kind: obj.kind,
      namespace: obj.metadata.namespace ?? "default",
      name: obj.metadata.name,
      podLabels: template.metadata?.labels ?? {},
      podAnnotations,
      podSpec: template.spec,
      containers: effectiveContainers(template.spec, podAnnotations),
      isMirrorPod:
        obj.kind === "Pod" &&
        (refs.some((r) => r.kind === "Node") || podAnnotations["kubernetes.io/config.mirror"] !== undefined),
    });
  }
  return workloads;
}
