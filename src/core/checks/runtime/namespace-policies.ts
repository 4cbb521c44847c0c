// Per-namespace presence of a policy object (LimitRange, ResourceQuota): judged
// only for namespaces that run workloads, and never for the system namespaces
// the platform owns.
import type { SnapshotIndex } from "../../snapshot/index.js";
import type { CheckContext, CheckResult, ResourceRef } from "../types.js";
import { fail, notApplicable, pass } from "../helpers.js";
import { memoizeBy } from "../../memo.js";

function namespaceRef(name: string): ResourceRef {
  // The namespace is repeated so that namespace-scoped audits and waivers keep the result.
  return { apiVersion: "v1", kind: "Namespace", namespace: name, name };
}

/** The namespaces that run workloads, sorted; two checks ask, once per audit each. */
const namespacesWithWorkloads = memoizeBy((index: SnapshotIndex): readonly string[] => {
  // Indexed: this runs once per audit over every workload, mostly unoptimised.
  const workloads = index.workloads();
  const names = new Set<string>();
  for (let i = 0; i < workloads.length; i++) names.add(workloads[i]!.namespace);
  return Array.from(names).sort();
});

export function namespacesWithout(ctx: CheckContext, kind: string, missing: string): CheckResult[] {
  const namespaces = namespacesWithWorkloads(ctx.index);
  const results: CheckResult[] = [];
  for (let i = 0; i < namespaces.length; i++) {
    const ns = namespaces[i]!;
    const ref = namespaceRef(ns);
    if (ctx.settings.systemNamespaces.includes(ns)) {
      results.push(notApplicable(ref, `system namespace ${ns} is managed by the platform`));
      continue;
    }
    const found = ctx.index.ofKindInNamespace(kind, ns);
    results.push(
      found.length > 0
        ? pass(ref, `${kind} ${found.map((o) => o.metadata.name).join(", ")}`)
        : fail(ref, `namespace ${ns} runs workloads but has ${missing}`),
    );
  }
  return results;
}
