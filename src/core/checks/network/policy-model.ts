// NetworkPolicies (and Cilium's policies) reduced to what the network checks
// ask: which workloads each policy selects, in which direction it isolates them,
// and what its rules allow. Built once per audit through the label index, so the
// cost follows the number of matches, never pods x policies.
import type { LabelSelector, LabelSelectorRequirement } from "../../snapshot/k8s-types.js";
import type { SnapshotIndex } from "../../snapshot/index.js";
import { isEmptySelector, matchesSelector } from "../../snapshot/labels.js";
import type { KubeObject } from "../../snapshot/types.js";
import type { Workload } from "../../snapshot/workloads.js";
import { memoizeBy } from "../../memo.js";
import { pushTo } from "../../collections.js";
import type { RefSeed } from "../../audit/fingerprint.js";
import { notApplicable } from "../helpers.js";
import { walkWorkloads, type WalkOutcome } from "../rule-batch.js";
import type { CheckContext, CheckResult, ResourceRef } from "../types.js";
import { viewRef, viewRefSeed, workloadViews } from "../workload-views.js";

export const POLICY_KINDS = ["NetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"];
export const WORKLOAD_READ_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"];

export type Direction = "ingress" | "egress";

export interface PolicyView {
  object: KubeObject;
  kind: string;
  name: string;
  /** Undefined for cluster-wide (Cilium) policies. */
  namespace?: string;
  /** Pod labels it selects, with Cilium's `k8s:`/`any:` source prefixes removed. */
  podSelector: LabelSelector;
  /** For cluster-wide policies: a selector on the namespace name, when the policy has one. */
  namespaceNames?: LabelSelectorRequirement[];
  isolates: Record<Direction, boolean>;
  /** Rules as written (NetworkPolicy `ingress`/`egress`, Cilium's allow and deny rules). */
  rules: Record<Direction, Record<string, unknown>[]>;
  /** The rules that open a path (Cilium's deny rules excluded). */
  allow: Record<Direction, Record<string, unknown>[]>;
}

export interface NetworkModel {
  policies: readonly PolicyView[];
  policiesInNamespace(namespace: string): readonly PolicyView[];
  /** Cluster-wide policies that may select pods of this namespace. */
  clusterPolicies: readonly PolicyView[];
  /** Policies that select the workload, per direction they isolate. */
  selecting(w: Workload): Record<Direction, PolicyView[]>;
  /** Workloads a namespaced policy selects. */
  selectedBy(p: PolicyView): readonly Workload[];
}

const NS_LABEL = "io.kubernetes.pod.namespace";

function stripSource(key: string): string {
  const m = /^(k8s|any|container|reserved):(.*)$/.exec(key);
  return m ? m[2]! : key;
}

function asRules(x: unknown): Record<string, unknown>[] {
  return Array.isArray(x) ? (x.filter((r) => typeof r === "object" && r !== null) as Record<string, unknown>[]) : [];
}

function kubePolicy(o: KubeObject): PolicyView | undefined {
  const spec = o["spec"] as Record<string, unknown> | null | undefined;
  if (!spec || typeof spec !== "object") return undefined;
  const ingress = asRules(spec["ingress"]);
  const egress = asRules(spec["egress"]);
  const types = Array.isArray(spec["policyTypes"]) ? (spec["policyTypes"] as string[]) : undefined;
  // Without policyTypes, Ingress is always enforced and Egress only when egress rules exist.
  const isolates = types
    ? { ingress: types.includes("Ingress"), egress: types.includes("Egress") }
    : { ingress: true, egress: egress.length > 0 };
  return {
    object: o,
    kind: o.kind,
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? "default",
    podSelector: (spec["podSelector"] as LabelSelector | undefined) ?? {},
    isolates,
    rules: { ingress, egress },
    allow: { ingress, egress },
  };
}

function ciliumSelector(sel: LabelSelector | undefined): { pods: LabelSelector; namespaces: LabelSelectorRequirement[] } {
  const pods: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  const namespaces: LabelSelectorRequirement[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) {
    const key = stripSource(k);
    if (key === NS_LABEL) namespaces.push({ key, operator: "In", values: [v] });
    else pods.matchLabels[key] = v;
  }
  for (const req of sel?.matchExpressions ?? []) {
    const key = stripSource(req.key);
    if (key === NS_LABEL) namespaces.push({ ...req, key });
    else pods.matchExpressions.push({ ...req, key });
  }
  return { pods, namespaces };
}

// A Cilium object holds one rule in `spec` or several in `specs`; each becomes a view.
function ciliumPolicies(o: KubeObject): PolicyView[] {
  const specs = [o["spec"], ...(Array.isArray(o["specs"]) ? (o["specs"] as unknown[]) : [])].filter(
    (s): s is Record<string, unknown> => typeof s === "object" && s !== null,
  );
  const clusterWide = o.kind === "CiliumClusterwideNetworkPolicy";
  return specs.flatMap((spec) => {
    if (!spec["endpointSelector"]) return []; // node-selecting (host) policies do not govern pods
    const { pods, namespaces } = ciliumSelector(spec["endpointSelector"] as LabelSelector);
    const allow = { ingress: asRules(spec["ingress"]), egress: asRules(spec["egress"]) };
    const ingress = [...allow.ingress, ...asRules(spec["ingressDeny"])];
    const egress = [...allow.egress, ...asRules(spec["egressDeny"])];
    const view: PolicyView = {
      object: o,
      kind: o.kind,
      name: o.metadata.name,
      podSelector: pods,
      // Cilium isolates a direction for the endpoints a rule section selects, even an empty one.
      isolates: { ingress: "ingress" in spec || "ingressDeny" in spec, egress: "egress" in spec || "egressDeny" in spec },
      rules: { ingress, egress },
      allow,
    };
    if (clusterWide) view.namespaceNames = namespaces;
    else view.namespace = o.metadata.namespace ?? "default";
    return [view];
  });
}

export function clusterPolicyCoversNamespace(p: PolicyView, namespace: string): boolean {
  return matchesSelector({ [NS_LABEL]: namespace }, { matchExpressions: p.namespaceNames ?? [] });
}

function buildModel(index: SnapshotIndex): NetworkModel {
  const policies: PolicyView[] = [];
  for (const o of index.ofKind("NetworkPolicy")) {
    const p = kubePolicy(o);
    if (p) policies.push(p);
  }
  for (const kind of ["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"]) {
    for (const o of index.ofKind(kind)) policies.push(...ciliumPolicies(o));
  }
  const byNamespace = new Map<string, PolicyView[]>();
  const clusterPolicies: PolicyView[] = [];
  for (const p of policies) {
    if (p.namespace === undefined) {
      clusterPolicies.push(p);
      continue;
    }
    pushTo(byNamespace, p.namespace, p);
  }

  const coverage = new Map<Workload, Record<Direction, PolicyView[]>>();
  const selectedBy = new Map<PolicyView, Workload[]>();
  const mark = (w: Workload, p: PolicyView) => {
    let c = coverage.get(w);
    if (!c) coverage.set(w, (c = { ingress: [], egress: [] }));
    if (p.isolates.ingress) c.ingress.push(p);
    if (p.isolates.egress) c.egress.push(p);
  };
  for (const p of policies) {
    if (p.namespace !== undefined) {
      const matched = index.workloadsMatching(p.namespace, p.podSelector);
      selectedBy.set(p, matched);
      for (const w of matched) mark(w, p);
    } else {
      // Cluster-wide policies are few; each walks the workloads once.
      for (const w of index.workloads()) {
        if (clusterPolicyCoversNamespace(p, w.namespace) && (isEmptySelector(p.podSelector) || matchesSelector(w.podLabels, p.podSelector)))
          mark(w, p);
      }
    }
  }
  const none = { ingress: [], egress: [] };
  return {
    policies,
    policiesInNamespace: (ns) => byNamespace.get(ns) ?? [],
    clusterPolicies,
    selecting: (w) => coverage.get(w) ?? none,
    selectedBy: (p) => selectedBy.get(p) ?? [],
  };
}

export const networkModel = memoizeBy(buildModel);

/**
 * Namespaces a namespace-level network check judges: every Namespace object and
 * every namespace that runs workloads, minus the configured system namespaces.
 */
export function auditedNamespaces(index: SnapshotIndex, systemNamespaces: readonly string[]): string[] {
  const skip = new Set(systemNamespaces);
  return namespacesInUse(index).filter((n) => !skip.has(n));
}

// Five checks ask for the audited namespaces: the sorted list of every one is
// gathered once per audit, and each check leaves out its own exceptions.
const namespacesInUse = memoizeBy((index: SnapshotIndex): string[] => {
  const names = new Set<string>();
  for (const ns of index.ofKind("Namespace")) names.add(ns.metadata.name);
  for (const w of index.workloads()) names.add(w.namespace);
  return [...names].sort();
});

export function namespaceRef(index: SnapshotIndex, name: string) {
  const obj = index.get("Namespace", undefined, name);
  return { apiVersion: obj?.apiVersion ?? "v1", kind: "Namespace", name };
}

/**
 * The walk of the workload-level network checks, in the audit's shared walk: each
 * workload NetworkPolicy can govern (outside the system namespaces, not a mirror
 * pod) with the policies selecting it; one on the host network, where
 * NetworkPolicy does not apply, is reported not applicable for the check.
 */
export function walkGovernedWorkloads(
  ctx: CheckContext,
  visit: (out: WalkOutcome, ref: ResourceRef, seed: RefSeed, selecting: Record<Direction, PolicyView[]>) => void,
): CheckResult[] {
  return walkWorkloads(ctx, (out) => {
    const model = networkModel(ctx.index);
    const skip = new Set(ctx.settings.systemNamespaces);
    const { views, distinct } = workloadViews(ctx.index);
    if (distinct) out.namesDistinct();
    return (w, i) => {
      if (skip.has(w.namespace) || w.isMirrorPod) return;
      const view = views[i]!;
      if (w.podSpec.hostNetwork) out.add(notApplicable(viewRef(view), "runs on the host network, where NetworkPolicy does not apply"), viewRefSeed(view));
      else visit(out, viewRef(view), viewRefSeed(view), model.selecting(w));
    };
  });
}
