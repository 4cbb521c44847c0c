// Lookup structures over one snapshot, built lazily and once, so that cross-resource
// checks (network policy selectors, RBAC resolution) stay linear in cluster size.
import type { LabelSelector } from "./k8s-types.js";
import { isEmptySelector, matchesSelector } from "./labels.js";
import { isClusterScopedKind, namespaceOf } from "./scope.js";
import type { ClusterSnapshot, KindVisibility, KubeObject } from "./types.js";
import { collectWorkloads, type Workload } from "./workloads.js";
import { pushTo } from "../collections.js";
import { lazy } from "../memo.js";
import { asText } from "./manifest-values.js";

export interface SnapshotIndex {
  readonly snapshot: ClusterSnapshot;
  ofKind<T extends KubeObject = KubeObject>(kind: string): readonly T[];
  ofKindInNamespace<T extends KubeObject = KubeObject>(kind: string, namespace: string): readonly T[];
  get<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
  /** Every namespace: Namespace objects plus namespaces that objects refer to. */
  namespaces(): readonly string[];
  workloads(): readonly Workload[];
  workloadsInNamespace(namespace: string): readonly Workload[];
  /** Workloads whose pod labels match the selector, using a label index. */
  workloadsMatching(namespace: string, selector: LabelSelector | undefined): Workload[];
  /**
   * Whether a kind could be read. Loose files (`complete: false`) count every kind
   * as listed: what is not in the files does not exist for that audit.
   */
  visibility(kind: string): KindVisibility;
}


export function indexSnapshot(snapshot: ClusterSnapshot): SnapshotIndex {
  const byKind = lazy(() => {
    const m = new Map<string, KubeObject[]>();
    // Indexed: this loop runs once per audit, mostly before it is optimised, and
    // an iterator then allocates a result per object.
    const objects = snapshot.objects;
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i]!;
      pushTo(m, o.kind, o);
    }
    return m;
  });
  // Per-kind lookups are built the first time a kind is asked for, from that
  // kind's objects only: the audit asks for a handful of kinds by namespace or
  // name, and indexing 40,000 Pods by name nobody looks up would be waste.
  const byNamespace = new Map<string, Map<string, KubeObject[]>>();
  const inNamespaces = (kind: string): Map<string, KubeObject[]> => {
    let m = byNamespace.get(kind);
    if (!m) {
      byNamespace.set(kind, (m = new Map()));
      const objects = byKind().get(kind) ?? [];
      for (let i = 0; i < objects.length; i++) {
        const o = objects[i]!;
        pushTo(m, namespaceOf(o) ?? "", o);
      }
    }
    return m;
  };
  // kind -> namespace -> name: nested maps spare a key string per lookup, and
  // lookups run once per finding.
  const byName = new Map<string, Map<string, Map<string, KubeObject>>>();
  const named = (kind: string): Map<string, Map<string, KubeObject>> => {
    let byNs = byName.get(kind);
    if (!byNs) {
      byName.set(kind, (byNs = new Map()));
      const objects = byKind().get(kind) ?? [];
      for (let i = 0; i < objects.length; i++) {
        const o = objects[i]!;
        const ns = namespaceOf(o) ?? "";
        let names = byNs.get(ns);
        if (!names) byNs.set(ns, (names = new Map()));
        names.set(o.metadata.name, o);
      }
    }
    return byNs;
  };
  const workloads = lazy(() => collectWorkloads(snapshot.objects, (kind) => byKind().get(kind) ?? []));
  const workloadsByNs = lazy(() => {
    const m = new Map<string, Workload[]>();
    const list = workloads();
    for (let i = 0; i < list.length; i++) pushTo(m, list[i]!.namespace, list[i]!);
    return m;
  });
  // namespace -> label key -> value (as text) -> workloads carrying that label.
  // Nested rather than "key=value" strings: no string is built per label or lookup.
  const labelIndex = lazy(() => {
    const m = new Map<string, Map<string, Map<string, Workload[]>>>();
    const list = workloads();
    for (let i = 0; i < list.length; i++) {
      const w = list[i]!;
      let ns = m.get(w.namespace);
      if (!ns) m.set(w.namespace, (ns = new Map()));
      const labels = w.podLabels;
      for (const k in labels) {
        let values = ns.get(k);
        if (!values) ns.set(k, (values = new Map()));
        const v = asText(labels[k]);
        pushTo(values, v, w);
      }
    }
    return m;
  });
  const namespaces = lazy(() => {
    const set = new Set<string>();
    for (const o of byKind().get("Namespace") ?? []) set.add(o.metadata.name);
    for (const [kind, objects] of byKind()) {
      if (isClusterScopedKind(kind)) continue;
      for (let i = 0; i < objects.length; i++) {
        const ns = namespaceOf(objects[i]!);
        if (ns) set.add(ns);
      }
    }
    return [...set].sort();
  });

  return {
    snapshot,
    ofKind: <T extends KubeObject>(kind: string) => (byKind().get(kind) ?? []) as T[],
    ofKindInNamespace: <T extends KubeObject>(kind: string, namespace: string) =>
      (inNamespaces(kind).get(namespace) ?? []) as T[],
    get: <T extends KubeObject>(kind: string, namespace: string | undefined, name: string) =>
      named(kind).get(namespace ?? "")?.get(name) as T | undefined,
    namespaces,
    workloads,
    workloadsInNamespace: (namespace) => workloadsByNs().get(namespace) ?? [],
    workloadsMatching(namespace, selector) {
      const inNs = workloadsByNs().get(namespace) ?? [];
      if (isEmptySelector(selector)) return [...inNs];
      // Start from the workloads carrying the rarest of the required labels.
      const matchLabels = selector?.matchLabels;
      let best: readonly Workload[] | undefined;
      const inNsLabels = labelIndex().get(namespace);
      for (const k in matchLabels) {
        const list = inNsLabels?.get(k)?.get(asText(matchLabels[k])) ?? [];
        if (!best || list.length < best.length) best = list;
      }
      return (best ?? inNs).filter((w) => matchesSelector(w.podLabels, selector));
    },
    visibility(kind) {
      const v = snapshot.visibility[kind];
      if (v) return v;
      if (!snapshot.complete) return { state: "listed" };
      return byKind().has(kind) ? { state: "listed" } : { state: "absent", reason: `${kind} is not served by this cluster` };
    },
  };
}
