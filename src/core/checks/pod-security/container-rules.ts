// Iteration shared by the workload checks (pod security, images, runtime): one
// result per container or per owner workload, with the system-namespace allow-list
// reported as `not_applicable` (so people can see why kube-proxy did not fail)
// and unnamed containers (seen in hand-written manifests) still addressable.
import type { Container } from "../../snapshot/k8s-types.js";
import type { ContainerType, EffectiveContainer, Workload } from "../../snapshot/workloads.js";
import { fail, notApplicable, pass, unknown, workloadRef } from "../helpers.js";
import { refSeed, type RefSeed } from "../../audit/fingerprint.js";
import { walkWorkloads, type WalkOutcome } from "../rule-batch.js";
import type { SnapshotIndex } from "../../snapshot/index.js";
import type { CheckContext, CheckResult, ResourceRef } from "../types.js";

/** Every kind the workload checks read: owners plus the objects folded into them. */
export const WORKLOAD_CHECK_KINDS = [
  "Pod",
  "Deployment",
  "ReplicaSet",
  "ReplicationController",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
];

/**
 * What a rule says about one container or workload: `null` complies, a string is
 * the failure message, an object states another status explicitly.
 */
export type Verdict =
  | null
  | string
  | { status: "pass" | "fail" | "unknown" | "not_applicable"; message: string };

export interface ScopeOptions {
  /** Host-access rule: workloads in `settings.systemNamespaces` are allow-listed. */
  hostAccess?: boolean;
  /** Container types the rule covers; all three by default. */
  types?: ContainerType[];
  /** Owner kinds the rule does not apply to, with the reason shown to people. */
  skipKinds?: { kinds: string[]; reason: string };
}

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

// Forty-odd checks walk the same containers; labels are built once per workload
// (workloads are memoised per snapshot index, so they key well).
const labeledCache = new WeakMap<Workload, LabeledContainer[]>();

/** The workload's containers with stable labels; positions count per container list. */
export function labeledContainers(w: Workload): LabeledContainer[] {
  const cached = labeledCache.get(w);
  if (cached) return cached;
  const seen: Record<ContainerType, number> = { container: 0, initContainer: 0, ephemeralContainer: 0 };
  const out: LabeledContainer[] = [];
  for (const c of w.containers) {
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
  labeledCache.set(w, out);
  return out;
}

interface WorkloadView {
  workload: Workload;
  containers: LabeledContainer[];
  /** Filled on first use, with its fingerprint seed. */
  ref: ResourceRef | undefined;
  refSeed: RefSeed | undefined;
}

// The same list for every check of one audit: one lookup per check instead of
// one per workload per check.
const viewCache = new WeakMap<SnapshotIndex, WorkloadView[]>();

function workloadViews(index: SnapshotIndex): WorkloadView[] {
  let views = viewCache.get(index);
  if (!views) {
    views = index.workloads().map((workload) => ({ workload, containers: labeledContainers(workload), ref: undefined, refSeed: undefined }));
    viewCache.set(index, views);
  }
  return views;
}

function viewRef(view: WorkloadView): ResourceRef {
  return view.ref ?? (view.ref = workloadRef(view.workload));
}

function viewRefSeed(view: WorkloadView): RefSeed {
  return view.refSeed ?? (view.refSeed = refSeed(viewRef(view)));
}

const NO_CONTAINERS = "the pod spec lists no readable containers; the manifest may be malformed";

function nameOf(c: Container | null | undefined): string | undefined {
  return typeof c?.name === "string" && c.name !== "" ? c.name : undefined;
}

function toResult(verdict: Verdict, ref: ResourceRef, passMessage: string): CheckResult {
  if (verdict === null) return pass(ref, passMessage);
  if (typeof verdict === "string") return fail(ref, verdict);
  return { status: verdict.status, resource: ref, message: verdict.message };
}

/** Whether the workload is outside the rule; `scopeGap` says why. */
function outOfScope(ctx: CheckContext, w: Workload, options: ScopeOptions): boolean {
  return (options.hostAccess === true && ctx.settings.systemNamespaces.includes(w.namespace)) || options.skipKinds?.kinds.includes(w.kind) === true;
}

/** The reason a workload is outside the rule, or undefined when the rule applies. */
function scopeGap(ctx: CheckContext, w: Workload, options: ScopeOptions): CheckResult | undefined {
  if (options.hostAccess && ctx.settings.systemNamespaces.includes(w.namespace)) {
    return notApplicable(
      workloadRef(w),
      `host access is allow-listed in system namespace ${w.namespace} (settings.systemNamespaces)`,
    );
  }
  if (options.skipKinds?.kinds.includes(w.kind)) return notApplicable(workloadRef(w), options.skipKinds.reason);
  return undefined;
}

type ContainerRule = (c: LabeledContainer, w: Workload) => Verdict;
type WorkloadRule = (w: Workload) => Verdict;

function keepVerdict(out: WalkOutcome, verdict: Verdict, ref: ResourceRef, seed: RefSeed, passMessage: string): void {
  if (verdict === null) out.pass(ref, passMessage, seed);
  else out.keep(toResult(verdict, ref, passMessage), seed);
}

/** Runs a per-container rule over every owner-level workload. */
export function perContainer(ctx: CheckContext, rule: ContainerRule, passMessage: string, options: ScopeOptions = {}): CheckResult[] {
  return walkWorkloads(ctx, (out) => {
    const views = workloadViews(ctx.index);
    const types = options.types;
    return (w, i) => {
      if (outOfScope(ctx, w, options)) {
        out.add(scopeGap(ctx, w, options)!);
        return;
      }
      const view = views[i]!;
      if (view.containers.length === 0) {
        // The API rejects such pods; a manifest like this is malformed, and a rule
        // about containers cannot be judged on it.
        out.add(unknown(viewRef(view), NO_CONTAINERS));
        return;
      }
      for (const c of view.containers) {
        if (types && !types.includes(c.type)) continue;
        keepVerdict(out, rule(c, w), c.ref, c.refSeed, passMessage);
      }
    };
  });
}

/** Runs a per-workload (pod spec level) rule; same contract as perContainer. */
export function perWorkload(ctx: CheckContext, rule: WorkloadRule, passMessage: string, options: Omit<ScopeOptions, "types"> = {}): CheckResult[] {
  return walkWorkloads(ctx, (out) => {
    const views = workloadViews(ctx.index);
    return (w, i) => {
      const view = views[i]!;
      if (outOfScope(ctx, w, options)) out.add(scopeGap(ctx, w, options)!);
      else keepVerdict(out, rule(w), viewRef(view), viewRefSeed(view), passMessage);
    };
  });
}

/** Windows pods have no Linux security context: Linux-only rules do not apply. */
export function isWindowsPod(w: Workload): boolean {
  const os = (w.podSpec as { os?: { name?: unknown } }).os;
  if (os?.name === "windows") return true;
  return w.podSpec.nodeSelector?.["kubernetes.io/os"] === "windows";
}

export const WINDOWS_NOT_APPLICABLE = {
  status: "not_applicable",
  message: "Windows pod: Linux security context settings do not apply",
} as const;
