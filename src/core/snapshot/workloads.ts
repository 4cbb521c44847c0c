// Findings are reported against the object a person edits (Deployment, CronJob...),
// not against each ReplicaSet and Pod it spawns, and against the security context
// the container really runs with (pod level merged with container level).
import type { Container, PodSecurityContext, PodSpec, SecurityContext } from "./k8s-types.js";
import type { KubeObject } from "./types.js";
import { asText, listAt } from "./manifest-values.js";

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
  // Most pods carry no annotations: skip building (and looking up) a key per container.
  if (!hasAnyKey(annotations)) return undefined;
  const value = annotations[LEGACY_APPARMOR_PREFIX + container];
  if (value === undefined) return undefined;
  if (value === "runtime/default") return { type: "RuntimeDefault" };
  if (value === "unconfined") return { type: "Unconfined" };
  if (value.startsWith("localhost/")) return { type: "Localhost", localhostProfile: value.slice("localhost/".length) };
  return { type: value };
}

const EMPTY_CONTEXT: SecurityContext = Object.freeze({});

function hasAnyKey(x: object): boolean {
  for (const _ in x) return true;
  return false;
}

export function effectiveSecurityContext(
  pod: PodSecurityContext | undefined,
  container: SecurityContext | undefined,
  legacyAppArmorProfile?: SecurityContext["appArmorProfile"],
): SecurityContext {
  const own = typeof container === "object" && container !== null ? container : EMPTY_CONTEXT;
  // Most containers inherit nothing: their own context serves as is (nothing writes
  // to an effective context), sparing a copy per container per audit.
  const inherits = pod !== undefined && pod !== null && hasAnyKey(pod);
  if (!inherits && (legacyAppArmorProfile === undefined || own.appArmorProfile !== undefined)) return own;
  const merged: SecurityContext = { ...own };
  // Most pod specs set no pod-level context: nothing to inherit, no key to look up.
  if (pod) {
    for (const key of INHERITED) {
      if (merged[key] === undefined && pod[key] !== undefined) {
        (merged as Record<string, unknown>)[key] = pod[key];
      }
    }
  }
  if (merged.appArmorProfile === undefined && legacyAppArmorProfile) merged.appArmorProfile = legacyAppArmorProfile;
  return merged;
}

export function effectiveContainer(spec: PodSpec, annotations: Record<string, string>, container: Container, type: ContainerType): EffectiveContainer {
  return {
    container,
    type,
    securityContext: effectiveSecurityContext(spec.securityContext, container.securityContext, legacyAppArmor(annotations, container.name)),
  };
}

function addEffective(out: EffectiveContainer[], spec: PodSpec, annotations: Record<string, string>, list: Container[] | undefined, type: ContainerType): void {
  // Indexed: runs for every container of the cluster, once per audit. A map where
  // the list belongs throws: the checks that read it cannot be evaluated.
  const containers = listAt(list, type === "container" ? "containers" : `${type}s`);
  for (let i = 0; i < containers.length; i++) out.push(effectiveContainer(spec, annotations, containers[i]!, type));
}

export function effectiveContainers(spec: PodSpec, annotations: Record<string, string> = {}): EffectiveContainer[] {
  const out: EffectiveContainer[] = [];
  addEffective(out, spec, annotations, spec.containers, "container");
  addEffective(out, spec, annotations, spec.initContainers, "initContainer");
  addEffective(out, spec, annotations, spec.ephemeralContainers, "ephemeralContainer");
  return out;
}

/**
 * Workload objects by kind, namespace (as written, "" when absent) and name,
 * compared as text (`${value}` is the string itself for strings), as a
 * "kind/namespace/name" key would compare them. A kind is indexed the first time
 * an owner reference names it: Pods are never owners, and they are most objects.
 */
class PresentWorkloads {
  private readonly byKind = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly ofKind: (kind: string) => readonly KubeObject[]) {}

  has(kind: string, namespace: string | undefined, name: string): boolean {
    let byNs = this.byKind.get(kind);
    if (!byNs) this.byKind.set(kind, (byNs = this.index(kind)));
    return byNs.get(asText(namespace ?? ""))?.has(asText(name)) === true;
  }

  private index(kind: string): Map<string, Set<string>> {
    const byNs = new Map<string, Set<string>>();
    const objects = this.ofKind(kind);
    for (let i = 0; i < objects.length; i++) {
      const obj = objects[i]!;
      const ns = asText(obj.metadata.namespace ?? "");
      let names = byNs.get(ns);
      if (!names) byNs.set(ns, (names = new Set()));
      names.add(asText(obj.metadata.name));
    }
    return byNs;
  }
}

function ownedByVisibleWorkload(obj: KubeObject, present: PresentWorkloads): boolean {
  // Indexed, no closure: asked once for every Pod and ReplicaSet of the cluster.
  const refs = obj.metadata.ownerReferences;
  if (!refs) return false;
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i]!;
    if (isWorkloadKind(r.kind) && present.has(r.kind, obj.metadata.namespace, r.name)) return true;
  }
  return false;
}

/** The objects of one kind, in snapshot order, by scanning (callers with an index pass its lists). */
function scanKind(objects: readonly KubeObject[]): (kind: string) => KubeObject[] {
  return (kind) => objects.filter((o) => o.kind === kind);
}

/**
 * The owner-level workloads of a snapshot. An object whose controller is itself
 * a workload present in the snapshot is folded into that owner; when the owner is
 * not visible (filtered input, forbidden kind) the object stands for itself.
 * `ofKind` gives the objects of one kind in snapshot order.
 */
export function collectWorkloads(
  objects: readonly KubeObject[],
  ofKind: (kind: string) => readonly KubeObject[] = scanKind(objects),
): Workload[] {
  // Nested maps rather than "kind/namespace/name" keys: this runs over every Pod
  // and ReplicaSet of the cluster, and a key string per object and per owner
  // reference is most of what it would allocate.
  const present = new PresentWorkloads(ofKind);
  const workloads: Workload[] = [];
  // Indexed, as the snapshot index's first pass: once per audit, over every object.
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i]!;
    if (!isWorkloadKind(obj.kind)) continue;
    if (ownedByVisibleWorkload(obj, present)) continue;
    const refs = obj.metadata.ownerReferences ?? [];
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
