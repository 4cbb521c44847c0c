// Views of the owner-level workloads that dozens of checks share within one
// audit: one frozen ref per workload and per container (with its fingerprint
// seed), and each container's label for messages, made once rather than by every
// check for every result.
import type { Container } from "../snapshot/k8s-types.js";
import type { SnapshotIndex } from "../snapshot/index.js";
import type { ContainerType, EffectiveContainer, Workload } from "../snapshot/workloads.js";
import { refSeed, type RefSeed } from "../audit/fingerprint.js";
import type { ResourceRef } from "./types.js";
import { memoizeBy } from "../memo.js";

// Dozens of checks report on the same workload and container: share one frozen
// ref per (workload, container) instead of allocating one per result. The
// workload's own ref (asked for most) takes one lookup. A container named ""
// gets its own ref: the audit does not run checks in catalog order, so a shared
// slot would make the ref depend on which check asked first.
const ownRefs = new WeakMap<Workload, ResourceRef>();
// A workload has a container or two: a short list, searched, costs less than a map each.
const containerRefs = new WeakMap<Workload, ResourceRef[]>();

// Written out as literals (the fields of helpers' `refOf`, in its order, with the
// workload's namespace) so that every ref shares one hidden class: a spread copy
// that is then frozen gets a map of its own, tens of thousands per audit.
function makeWorkloadRef(w: Workload, container: string | undefined): ResourceRef {
  const obj = w.object;
  if (container === undefined) return Object.freeze({ apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: w.namespace });
  return Object.freeze({ apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: w.namespace, container });
}

export function workloadRef(w: Workload, container?: string): ResourceRef {
  if (container === undefined) {
    let ref = ownRefs.get(w);
    if (!ref) ownRefs.set(w, (ref = makeWorkloadRef(w, undefined)));
    return ref;
  }
  let perContainer = containerRefs.get(w);
  if (!perContainer) containerRefs.set(w, (perContainer = []));
  for (const ref of perContainer) if (sameValueZero(ref.container, container)) return ref;
  const ref = makeWorkloadRef(w, container);
  perContainer.push(ref);
  return ref;
}

/** Equality as map keys compare (NaN equals itself), for names hand-written manifests got wrong. */
const sameValueZero = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);

const TYPE_WORDS: Record<ContainerType, string> = {
  container: "container",
  initContainer: "init container",
  ephemeralContainer: "ephemeral container",
};

const TYPE_LISTS: Record<ContainerType, "containers" | "initContainers" | "ephemeralContainers"> = {
  container: "containers",
  initContainer: "initContainers",
  ephemeralContainer: "ephemeralContainers",
};

export interface LabeledContainer extends EffectiveContainer {
  /** For messages: `container "api"`, `init container #2`. */
  label: string;
  /** For the resource ref: the name, or `containers[1]` when the manifest gives none. */
  key: string;
  /** The result's resource: the owner workload plus `key`. */
  ref: ResourceRef;
  /** The ref's share of a fingerprint, hashed while the ref is new and in cache. */
  refSeed: RefSeed;
}

/**
 * The workload's containers with stable labels; positions count per container list.
 * Forty-odd checks walk the same containers: the views below build these once per
 * workload per audit, and every walk reads them from there.
 */
function labeledContainers(w: Workload): LabeledContainer[] {
  const seen: Record<ContainerType, number> = { container: 0, initContainer: 0, ephemeralContainer: 0 };
  const out: LabeledContainer[] = [];
  for (let i = 0; i < w.containers.length; i++) {
    const c = w.containers[i]!;
    const position = seen[c.type]++;
    const name = nameOf(c.container);
    const key = name ?? `${TYPE_LISTS[c.type]}[${position}]`;
    const ref = workloadRef(w, key);
    out.push({
      container: c.container,
      type: c.type,
      securityContext: c.securityContext,
      label: name ? `${TYPE_WORDS[c.type]} "${name}"` : `${TYPE_WORDS[c.type]} #${position + 1}`,
      key,
      ref,
      refSeed: refSeed(ref),
    });
  }
  return out;
}

export interface WorkloadView {
  workload: Workload;
  containers: LabeledContainer[];
  /** Filled on first use, with its fingerprint seed. */
  ref: ResourceRef | undefined;
  refSeed: RefSeed | undefined;
}

export interface WorkloadViews {
  views: WorkloadView[];
  /**
   * No two refs of the views (workloads' own and their containers') name the
   * same resource, so a walk reporting on each at most once repeats no
   * fingerprint. Judged on the fingerprint seeds; false also when unsure.
   */
  distinct: boolean;
  /** Every container has a name, so its ref is the one named by it (see `labeledContainers`). */
  containersNamed: boolean;
}

// The same list for every check of one audit: one lookup per check instead of
// one per workload per check.
export const workloadViews = memoizeBy((index: SnapshotIndex): WorkloadViews => {
  const workloads = index.workloads();
  const views: WorkloadView[] = new Array(workloads.length);
  for (let i = 0; i < workloads.length; i++) {
    const workload = workloads[i]!;
    views[i] = { workload, containers: labeledContainers(workload), ref: undefined, refSeed: undefined };
  }
  const containersNamed = views.every((view) => view.containers.every((c) => c.key === c.container.name));
  return { views, distinct: distinctRefs(views), containersNamed };
});

function distinctRefs(views: readonly WorkloadView[]): boolean {
  // By the first halves of the seeds: a repeated one is the same resource or,
  // rarely, a coincidence of hashes, and either way judged unsure.
  const seen = new Set<number>();
  const isNew = (seed: RefSeed) => {
    if (seen.has(seed.r1)) return false;
    seen.add(seed.r1);
    return true;
  };
  return views.every((view) => isNew(viewRefSeed(view)) && view.containers.every((c) => isNew(c.refSeed)));
}

export function viewRef(view: WorkloadView): ResourceRef {
  return view.ref ?? (view.ref = workloadRef(view.workload));
}

export function viewRefSeed(view: WorkloadView): RefSeed {
  return view.refSeed ?? (view.refSeed = refSeed(viewRef(view)));
}

function nameOf(c: Container | null | undefined): string | undefined {
  return typeof c?.name === "string" && c.name !== "" ? c.name : undefined;
}
