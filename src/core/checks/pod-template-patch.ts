// Builds strategic-merge patches against an owner's pod template, keyed by
// container name (the merge key of the container lists). Only owners whose
// template can change in place get a patch: a bare Pod's spec is immutable, and
// so is a Job's template; ephemeral containers cannot be patched this way.
import type { SnapshotIndex } from "../snapshot/index.js";
import type { PodSpec } from "../snapshot/k8s-types.js";
import { effectiveContainer, podTemplateOf, type ContainerType, type EffectiveContainer } from "../snapshot/workloads.js";
import type { CheckContext, CheckResult, RemediationPatch, ResourceRef } from "./types.js";

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
  // The engine asks every fixable check about every failing result, and several
  // of them fail on the same container: look each (shared) ref up once per audit.
  let known = targets.get(ctx.index);
  if (!known) targets.set(ctx.index, (known = new Map()));
  const ref = result.resource;
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

// Asked for every failing result of a fixable check (to say whether it is
// fixable): merge the security context of the one named container only.
const PATCHABLE_TYPES = ["container", "initContainer"] as const;

function patchableContainer(spec: PodSpec, podAnnotations: Record<string, string>, name: string): EffectiveContainer | undefined {
  for (const type of PATCHABLE_TYPES) {
    for (const c of spec[LIST_KEY[type]!] ?? []) {
      if (c?.name === name) return effectiveContainer(spec, podAnnotations, c, type);
    }
  }
  return undefined;
}

export function remediation(resource: ResourceRef, patch: unknown, summary: string): RemediationPatch {
  const { container: _container, ...owner } = resource;
  return { resource: owner, patchType: "strategic-merge", patch, summary };
}

export function describeOwner(ref: ResourceRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}
