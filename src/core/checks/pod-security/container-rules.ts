// Iteration shared by the workload checks (pod security, images, runtime): one
// result per container or per owner workload, with the system-namespace allow-list
// reported as `not_applicable` (so people can see why kube-proxy did not fail)
// and unnamed containers (seen in hand-written manifests) still addressable.
import type { ContainerType, Workload } from "../../snapshot/workloads.js";
import { fail, notApplicable, pass, unknown, workloadRef } from "../helpers.js";
import type { RefSeed } from "../../audit/fingerprint.js";
import { walkWorkloads, type WalkOutcome } from "../rule-batch.js";
import type { CheckContext, CheckResult, ResourceRef } from "../types.js";
import { viewRef, viewRefSeed, workloadViews, type LabeledContainer } from "../workload-views.js";

export type { LabeledContainer } from "../workload-views.js";

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
  /**
   * Whether the check's fix gives a patch for a failing container, answered from
   * the walk's own data (see `walkedPatchTarget`) so that the audit need not look
   * every failure up again. Must agree with the check's `fixable`.
   */
  fixable?: (c: LabeledContainer, w: Workload) => boolean;
}

const NO_CONTAINERS = "the pod spec lists no readable containers; the manifest may be malformed";

function toResult(verdict: Verdict, ref: ResourceRef, passMessage: string): CheckResult {
  if (verdict === null) return pass(ref, passMessage);
  if (typeof verdict === "string") return fail(ref, verdict);
  return { status: verdict.status, resource: ref, message: verdict.message };
}

/** Whether a workload is outside the rule (`scopeGap` says why); made once per walk, asked per workload. */
function outOfScope(ctx: CheckContext, options: ScopeOptions): (w: Workload) => boolean {
  const exempt = options.hostAccess === true ? new Set(ctx.settings.systemNamespaces) : undefined;
  const skipped = options.skipKinds ? new Set(options.skipKinds.kinds) : undefined;
  return (w) => exempt?.has(w.namespace) === true || skipped?.has(w.kind) === true;
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

function keepVerdict(out: WalkOutcome, verdict: Verdict, ref: ResourceRef, seed: RefSeed, passMessage: string, fixable?: boolean): void {
  if (verdict === null) out.pass(ref, passMessage, seed);
  else out.keep(toResult(verdict, ref, passMessage), seed, fixable);
}

const isFailure = (verdict: Verdict): boolean => typeof verdict === "string" || verdict?.status === "fail";

/** Runs a per-container rule over every owner-level workload. */
export function perContainer(ctx: CheckContext, rule: ContainerRule, passMessage: string, options: ScopeOptions = {}): CheckResult[] {
  return walkWorkloads(ctx, (out) => {
    const { views, distinct } = workloadViews(ctx.index);
    if (distinct) out.namesDistinct();
    const { types, fixable } = options;
    const skip = outOfScope(ctx, options);
    return (w, i) => {
      const view = views[i]!;
      if (skip(w)) {
        out.add(scopeGap(ctx, w, options)!, viewRefSeed(view));
        return;
      }
      if (view.containers.length === 0) {
        // The API rejects such pods; a manifest like this is malformed, and a rule
        // about containers cannot be judged on it.
        out.add(unknown(viewRef(view), NO_CONTAINERS), viewRefSeed(view));
        return;
      }
      const containers = view.containers;
      for (let k = 0; k < containers.length; k++) {
        const c = containers[k]!;
        if (types && !types.includes(c.type)) continue;
        const verdict = rule(c, w);
        keepVerdict(out, verdict, c.ref, c.refSeed, passMessage, fixable && isFailure(verdict) ? fixable(c, w) : undefined);
      }
    };
  });
}

/** Runs a per-workload (pod spec level) rule; same contract as perContainer. */
export function perWorkload(ctx: CheckContext, rule: WorkloadRule, passMessage: string, options: Omit<ScopeOptions, "types"> = {}): CheckResult[] {
  return walkWorkloads(ctx, (out) => {
    const { views, distinct } = workloadViews(ctx.index);
    if (distinct) out.namesDistinct();
    const skip = outOfScope(ctx, options);
    return (w, i) => {
      const view = views[i]!;
      if (skip(w)) out.add(scopeGap(ctx, w, options)!, viewRefSeed(view));
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
