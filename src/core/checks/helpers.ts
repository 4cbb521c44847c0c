// Small building blocks shared by many checks, so each check file reads as its rule.
import { namespaceOf } from "../snapshot/scope.js";
import type { KubeObject } from "../snapshot/types.js";
import type { EffectiveContainer, Workload } from "../snapshot/workloads.js";
import { walkWorkloads } from "./rule-batch.js";
import type { CheckContext, CheckResult, ResourceRef } from "./types.js";

export function refOf(obj: KubeObject, container?: string): ResourceRef {
  const ref: ResourceRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  const ns = namespaceOf(obj);
  if (ns !== undefined) ref.namespace = ns;
  if (container !== undefined) ref.container = container;
  return ref;
}

// Dozens of checks report on the same workload and container: share one frozen
// ref per (workload, container) instead of allocating one per result. The
// workload's own ref (asked for most) takes one lookup. A container named ""
// gets its own ref: the audit does not run checks in catalog order, so a shared
// slot would make the ref depend on which check asked first.
const ownRefs = new WeakMap<Workload, ResourceRef>();
const containerRefs = new WeakMap<Workload, Map<string, ResourceRef>>();

const makeWorkloadRef = (w: Workload, container: string | undefined): ResourceRef =>
  Object.freeze({ ...refOf(w.object, container), namespace: w.namespace });

export function workloadRef(w: Workload, container?: string): ResourceRef {
  if (container === undefined) {
    let ref = ownRefs.get(w);
    if (!ref) ownRefs.set(w, (ref = makeWorkloadRef(w, undefined)));
    return ref;
  }
  let perContainer = containerRefs.get(w);
  if (!perContainer) containerRefs.set(w, (perContainer = new Map()));
  let ref = perContainer.get(container);
  if (!ref) perContainer.set(container, (ref = makeWorkloadRef(w, container)));
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
  return walkWorkloads(ctx, (out) => {
    const exempt = new Set(options.exemptSystemNamespaces ? ctx.settings.systemNamespaces : []);
    return (w) => {
      if (exempt.has(w.namespace)) return;
      for (const c of w.containers) {
        if (options.types && !options.types.includes(c.type)) continue;
        const problem = rule(c, w);
        const ref = workloadRef(w, c.container.name);
        if (problem === null) out.pass(ref, passMessage);
        else out.add(fail(ref, problem));
      }
    };
  });
}

/** Runs a per-workload (pod spec level) rule; same contract as evaluateContainers. */
export function evaluateWorkloads(
  ctx: CheckContext,
  rule: (w: Workload) => string | null,
  passMessage: string,
  options: Pick<ContainerRuleOptions, "exemptSystemNamespaces"> = {},
): CheckResult[] {
  return walkWorkloads(ctx, (out) => {
    const exempt = new Set(options.exemptSystemNamespaces ? ctx.settings.systemNamespaces : []);
    return (w) => {
      if (exempt.has(w.namespace)) return;
      const problem = rule(w);
      if (problem === null) out.pass(workloadRef(w), passMessage);
      else out.add(fail(workloadRef(w), problem));
    };
  });
}
