import { fail, pass, workloadRef } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import { adminEquivalence } from "../rbac/cluster-admin-binding.js";
import { RBAC_KINDS, rbacIndex } from "../rbac/resolver.js";
import { serviceAccountOf } from "../secrets/service-account-token.js";
import { dashboardWorkloads } from "./dashboard.js";

export const dashboardAdminBinding = defineCheck({
  id: "dashboard-admin-binding",
  title: "The Dashboard does not run with admin rights",
  severity: "critical",
  category: "unused-features",
  needs: ["objects"],
  kinds: [...WORKLOAD_READ_KINDS, ...RBAC_KINDS],
  references: {},
  description:
    "A Dashboard whose ServiceAccount is bound to cluster-admin (a popular copy-paste from old tutorials) gives full control of the cluster to whoever reaches its login page and presses Skip, or to anyone who can exec into it.",
  remediation:
    "Delete the binding; let users log in with their own tokens so the Dashboard acts with their permissions, and give its own account at most `view`.",
  evaluate(ctx) {
    const rbac = rbacIndex(ctx.index);
    const results: CheckResult[] = [];
    // Dashboard and its metrics scraper often share one ServiceAccount: report each binding once.
    const reported = new Set<unknown>();
    for (const w of dashboardWorkloads(ctx.index)) {
      const sa = serviceAccountOf(w);
      const admin = rbac
        .bindingsForServiceAccount(w.namespace, sa)
        .flatMap((b) => {
          const why = b.role ? adminEquivalence(b.role) : undefined;
          return why ? [{ b, why }] : [];
        });
      if (admin.length === 0) {
        results.push(pass(workloadRef(w), `its ServiceAccount ${sa} holds no admin-equivalent binding`));
        continue;
      }
      for (const { b, why } of admin) {
        if (reported.has(b.object)) continue;
        reported.add(b.object);
        results.push(fail(b.ref, `gives the Dashboard's ServiceAccount ${w.namespace}/${sa} admin rights: ${why}`));
      }
    }
    return results;
  },
});
