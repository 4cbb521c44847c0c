// Small building blocks shared by many checks, so each check file reads as its rule.
import { namespaceOf } from "../snapshot/scope.js";
import type { KubeObject } from "../snapshot/types.js";
import type { EffectiveContainer, Workload } from "../snapshot/workloads.js";
import { walkWorkloads } from "./rule-batch.js";
import type { CheckContext, CheckResult, ResourceRef } from "./types.js";
import { viewRef, viewRefSeed, workloadRef, workloadViews } from "./workload-views.js";

export { workloadRef };

export function refOf(obj: KubeObject, container?: string): ResourceRef {
  const ref: ResourceRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  const ns = namespaceOf(obj);
  if (ns !== undefined) ref.namespace = ns;
  if (container !== undefined) ref.container = container;
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
    const { views, distinct, containersNamed } = workloadViews(ctx.index);
    // A container's ref is the one named by its name, as the view's is when it has one.
    if (distinct && containersNamed) out.namesDistinct();
    return (w, i) => {
      if (exempt.has(w.namespace)) return;
      const labeled = views[i]!.containers;
      for (let k = 0; k < w.containers.length; k++) {
        const c = w.containers[k]!;
        if (options.types && !options.types.includes(c.type)) continue;
        const problem = rule(c, w);
        const view = labeled[k]!;
        const named = view.key === c.container.name;
        const ref = named ? view.ref : workloadRef(w, c.container.name);
        if (problem === null) out.pass(ref, passMessage, named ? view.refSeed : undefined);
        else out.add(fail(ref, problem), named ? view.refSeed : undefined);
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
    const { views, distinct } = workloadViews(ctx.index);
    if (distinct) out.namesDistinct();
    return (w, i) => {
      if (exempt.has(w.namespace)) return;
      const view = views[i]!;
      const problem = rule(w);
      if (problem === null) out.pass(viewRef(view), passMessage, viewRefSeed(view));
      else out.add(fail(viewRef(view), problem), viewRefSeed(view));
    };
  });
}
