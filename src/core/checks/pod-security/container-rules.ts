// Iteration shared by the workload checks (pod security, images, runtime): one
// result per container or per owner workload, with the system-namespace allow-list
// reported as `not_applicable` (so people can see why kube-proxy did not fail)
// and unnamed containers (seen in hand-written manifests) still addressable.
import type { Container } from "../../snapshot/k8s-types.js";
import type { ContainerType, EffectiveContainer, Workload } from "../../snapshot/workloads.js";
import { fail, notApplicable, pass, unknown, workloadRef } from "../helpers.js";
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
    out.push({
      container: c.container,
      type: c.type,
      securityContext: c.securityContext,
      label: name ? `${TYPE_WORDS[c.type]} "${name}"` : `${TYPE_WORDS[c.type]} #${position + 1}`,
      key,
      ref: workloadRef(w, key),
    });
  }
  labeledCache.set(w, out);
  return out;
}

function nameOf(c: Container | null | undefined): string | undefined {
  return typeof c?.name === "string" && c.name !== "" ? c.name : undefined;
}

function toResult(verdict: Verdict, ref: ResourceRef, passMessage: string): CheckResult {
  if (verdict === null) return pass(ref, passMessage);
  if (typeof verdict === "string") return fail(ref, verdict);
  return { status: verdict.status, resource: ref, message: verdict.message };
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

/** Runs a per-container rule over every owner-level workload. */
export function perContainer(
  ctx: CheckContext,
  rule: (c: LabeledContainer, w: Workload) => Verdict,
  passMessage: string,
  options: ScopeOptions = {},
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const w of ctx.index.workloads()) {
    const gap = scopeGap(ctx, w, options);
    if (gap) {
      results.push(gap);
      continue;
    }
    if (w.containers.length === 0) {
      // The API rejects such pods; a manifest like this is malformed, and a rule
      // about containers cannot be judged on it.
      results.push(unknown(workloadRef(w), "the pod spec lists no readable containers; the manifest may be malformed"));
      continue;
    }
    for (const c of labeledContainers(w)) {
      if (options.types && !options.types.includes(c.type)) continue;
      results.push(toResult(rule(c, w), c.ref, passMessage));
    }
  }
  return results;
}

/** Runs a per-workload (pod spec level) rule; same contract as perContainer. */
export function perWorkload(
  ctx: CheckContext,
  rule: (w: Workload) => Verdict,
  passMessage: string,
  options: Omit<ScopeOptions, "types"> = {},
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const w of ctx.index.workloads()) {
    results.push(scopeGap(ctx, w, options) ?? toResult(rule(w), workloadRef(w), passMessage));
  }
  return results;
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
