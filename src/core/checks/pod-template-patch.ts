// Builds strategic-merge patches against an owner's pod template, keyed by
// container name (the merge key of the container lists). Only owners whose
// template can change in place get a patch: a bare Pod's spec is immutable, and
// so is a Job's template; ephemeral containers cannot be patched this way.
import type { SnapshotIndex } from "../snapshot/index.js";
import type { Container, PodSpec } from "../snapshot/k8s-types.js";
import { effectiveContainer, podTemplateOf, type ContainerType, type EffectiveContainer, type Workload } from "../snapshot/workloads.js";
import type { CheckContext, CheckResult, RemediationPatch, ResourceRef } from "./types.js";
import { listAt } from "../snapshot/manifest-values.js";

/** Where the pod spec sits inside each patchable owner kind. */
const POD_SPEC_PATH: Record<string, readonly string[]> = {
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const LIST_KEY: Partial<Record<ContainerType, "containers" | "initContainers">> = {
  container: "containers",
  initContainer: "initContainers",
};

function isPatchableOwner(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(POD_SPEC_PATH, kind);
}

/** Wraps a pod spec fragment in the owner's path; undefined for kinds we never patch. */
export function podSpecPatch(kind: string, fragment: Record<string, unknown>): Record<string, unknown> | undefined {
  const path = POD_SPEC_PATH[kind];
  if (!path) return undefined;
  let patch: Record<string, unknown> = fragment;
  for (let i = path.length - 1; i >= 0; i--) patch = { [path[i]!]: patch };
  return patch;
}

/** Whether `podSpecPatch` gives a patch for this kind. */
export function canPatchPodSpec(kind: string): boolean {
  return Boolean(POD_SPEC_PATH[kind]);
}

/** Whether `containerPatch` gives a patch for this owner kind, container list and name. */
export function canPatchContainer(kind: string, type: ContainerType, containerName: string): boolean {
  return Boolean(LIST_KEY[type]) && containerName !== "" && canPatchPodSpec(kind);
}

/** A patch that merges `fragment` into one named container of the owner's template. */
export function containerPatch(
  kind: string,
  type: ContainerType,
  containerName: string,
  fragment: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const listKey = LIST_KEY[type];
  if (!listKey || containerName === "") return undefined;
  return podSpecPatch(kind, { [listKey]: [{ name: containerName, ...fragment }] });
}

export interface PatchTarget {
  podSpec: PodSpec;
  podAnnotations: Record<string, string>;
  /** The container the result names, when it names one that exists by that name. */
  container?: EffectiveContainer;
}

/**
 * The owner object (and container) a failing result points at, looked up by name
 * in the snapshot index: O(1) per result, so computing `fixable` for every
 * finding stays linear. Undefined when the owner cannot be patched.
 */
export function patchTarget(ctx: CheckContext, result: CheckResult): PatchTarget | undefined {
  return patchTargetOf(ctx, result.resource);
}

function patchTargetOf(ctx: CheckContext, ref: ResourceRef): PatchTarget | undefined {
  // Several fixable checks fail on the same container: look each (shared) ref up
  // once per audit.
  let known = targets.get(ctx.index);
  if (!known) targets.set(ctx.index, (known = new Map()));
  if (known.has(ref)) return known.get(ref);
  const target = findPatchTarget(ctx, ref);
  known.set(ref, target);
  return target;
}

const targets = new WeakMap<SnapshotIndex, Map<ResourceRef, PatchTarget | undefined>>();

function findPatchTarget(ctx: CheckContext, ref: ResourceRef): PatchTarget | undefined {
  if (!isPatchableOwner(ref.kind)) return undefined;
  const owner = ctx.index.get(ref.kind, ref.namespace, ref.name);
  if (!owner) return undefined;
  const template = podTemplateOf(owner);
  if (!template?.spec || Array.isArray(template.spec)) return undefined;
  const podAnnotations = template.metadata?.annotations ?? {};
  const target: PatchTarget = { podSpec: template.spec, podAnnotations };
  if (ref.container !== undefined) {
    const found = patchableContainer(template.spec, podAnnotations, ref.container);
    if (found) target.container = found;
  }
  return target;
}

/**
 * `patchTarget` of a result a workload walk reports on container `c` of `w`
 * (`ref` naming it), from what the walk holds: when the index finds `w`'s own
 * object under the ref and `c` is the first container of that name, the target
 * is `w`'s pod spec and `c` itself. Anything else (duplicate objects or names,
 * unnamed or ephemeral containers) is looked up as `patchTarget` does.
 */
export function walkedPatchTarget(ctx: CheckContext, w: Workload, c: EffectiveContainer, ref: ResourceRef): PatchTarget | undefined {
  if (!isPatchableOwner(w.kind)) return undefined;
  const name = ref.container;
  if (name === undefined || c.container.name !== name || firstNamed(w.podSpec, name) !== c.container) return patchTargetOf(ctx, ref);
  if (ctx.index.get(w.kind, ref.namespace, ref.name) !== w.object) return patchTargetOf(ctx, ref);
  if (Array.isArray(w.podSpec)) return undefined;
  return { podSpec: w.podSpec, podAnnotations: w.podAnnotations, container: c };
}

// Asked for every failing result of a fixable check (to say whether it is
// fixable): merge the security context of the one named container only.
function patchableContainer(spec: PodSpec, podAnnotations: Record<string, string>, name: string): EffectiveContainer | undefined {
  const c = firstNamed(spec, name);
  if (!c) return undefined;
  // Found among the containers when it is one of them: they are searched first.
  return effectiveContainer(spec, podAnnotations, c, (spec.containers ?? []).includes(c) ? "container" : "initContainer");
}

/** The first container, then init container, of this name: the one a patch keyed by name changes. */
function firstNamed(spec: PodSpec, name: string): Container | undefined {
  // Asked for every failing container of a fixable check: no list of lists per call.
  return firstNamedIn(spec.containers, name, "containers") ?? firstNamedIn(spec.initContainers, name, "initContainers");
}

function firstNamedIn(list: readonly (Container | null)[] | undefined, name: string, field: string): Container | undefined {
  // A map where the list belongs throws: the check then cannot be evaluated.
  const containers = listAt(list, field);
  for (let i = 0; i < containers.length; i++) if (containers[i]?.name === name) return containers[i]!;
  return undefined;
}

export function remediation(resource: ResourceRef, patch: unknown, summary: string): RemediationPatch {
  const { container: _container, ...owner } = resource;
  return { resource: owner, patchType: "strategic-merge", patch, summary };
}

export function describeOwner(ref: ResourceRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}
