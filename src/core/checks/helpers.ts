// Small building blocks shared by many checks, so each check file reads as its rule.
import { namespaceOf } from "../snapshot/scope.js";
import type { KubeObject } from "../snapshot/types.js";
import type { EffectiveContainer, Workload } from "../snapshot/workloads.js";
import type { CheckContext, CheckResult, ResourceRef } from "./types.js";

export function refOf(obj: KubeObject, container?: string): ResourceRef {
  const ref: ResourceRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  const ns = namespaceOf(obj);
  if (ns !== undefined) ref.namespace = ns;
  if (container !== undefined) ref.container = container;
  return ref;
}

// Dozens of checks report on the same workload and container: share one frozen
// ref per (workload, container) instead of allocating one per result.
const workloadRefs = new WeakMap<Workload, Map<string, ResourceRef>>();

export function workloadRef(w: Workload, container?: string): ResourceRef {
  let perContainer = workloadRefs.get(w);
  if (!perContainer) workloadRefs.set(w, (perContainer = new Map()));
  const key = container ?? "";
  let ref = perContainer.get(key);
  if (!ref) {
    ref = Object.freeze({ ...refOf(w.object, container), namespace: w.namespace });
    perContainer.set(key, ref);
  }
  return ref;
}

export const pass = (resource: ResourceRef, message: string): CheckResult => ({ status: "pass", resource, message });
export const fail = (resource: ResourceRef, message: string): CheckResult => ({ status: "fail", resource, message });
export const unknown = (resource: ResourceRef, message: string): CheckResult => ({ status: "unknown", resource, message });
export const notApplicable = (resource: ResourceRef, message: string): CheckResult => ({
  status: "not_applicable",
  resource,
  message,
});

export interface ContainerRuleOptions {
  /** Skip workloads in the configured system namespaces (host access allow-list). */
  exemptSystemNamespaces?: boolean;
  /** Which container types the rule covers; all three by default. */
  types?: EffectiveContainer["type"][];
}

/**
 * Runs a per-container rule over every owner-level workload. The rule returns a
 * failure message, or null when the container complies.
 */
export function evaluateContainers(
  ctx: CheckContext,
  rule: (c: EffectiveContainer, w: Workload) => string | null,
  passMessage: string,
  options: ContainerRuleOptions = {},
): CheckResult[] {
  const results: CheckResult[] = [];
  const exempt = new Set(options.exemptSystemNamespaces ? ctx.settings.systemNamespaces : []);
  for (const w of ctx.index.workloads()) {
    if (exempt.has(w.namespace)) continue;
    for (const c of w.containers) {
      if (options.types && !options.types.includes(c.type)) continue;
      const problem = rule(c, w);
      const ref = workloadRef(w, c.container.name);
      results.push(problem === null ? pass(ref, passMessage) : fail(ref, problem));
    }
  }
  return results;
}

/** Runs a per-workload (pod spec level) rule; same contract as evaluateContainers. */
export function evaluateWorkloads(
  ctx: CheckContext,
  rule: (w: Workload) => string | null,
  passMessage: string,
  options: Pick<ContainerRuleOptions, "exemptSystemNamespaces"> = {},
): CheckResult[] {
  const exempt = new Set(options.exemptSystemNamespaces ? ctx.settings.systemNamespaces : []);
  const results: CheckResult[] = [];
  for (const w of ctx.index.workloads()) {
    if (exempt.has(w.namespace)) continue;
    const problem = rule(w);
    results.push(problem === null ? pass(workloadRef(w), passMessage) : fail(workloadRef(w), problem));
  }
  return results;
}
