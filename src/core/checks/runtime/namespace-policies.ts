// Per-namespace presence of a policy object (LimitRange, ResourceQuota): judged
// only for namespaces that run workloads, and never for the system namespaces
// the platform owns.
import type { CheckContext, CheckResult, ResourceRef } from "../types.js";
import { fail, notApplicable, pass } from "../helpers.js";

function namespaceRef(name: string): ResourceRef {
  // The namespace is repeated so that namespace-scoped audits and waivers keep the result.
  return { apiVersion: "v1", kind: "Namespace", namespace: name, name };
}

export function namespacesWithout(ctx: CheckContext, kind: string, missing: string): CheckResult[] {
  const withWorkloads = new Set(ctx.index.workloads().map((w) => w.namespace));
  const results: CheckResult[] = [];
  for (const ns of [...withWorkloads].sort()) {
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
