import { fail, pass, workloadRef } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import { RBAC_KINDS, rbacIndex } from "../rbac/resolver.js";
import { subjectText } from "../rbac/rules.js";
import { serviceAccountOf } from "../secrets/service-account-token.js";
import { dashboardAccounts, DASHBOARD_NAME, isDashboard } from "./dashboard.js";

export const dashboardAccess = defineCheck({
  id: "dashboard-access",
  title: "Only the Dashboard uses the Dashboard's identity and role",
  severity: "high",
  category: "unused-features",
  needs: ["objects"],
  kinds: [...WORKLOAD_READ_KINDS, ...RBAC_KINDS],
  references: { kubescape: ["C-0014"] },
  description:
    "The Dashboard's ServiceAccount and its `kubernetes-dashboard` role exist to run the Dashboard. Another workload running as that account, or another subject bound to that role, gets the Dashboard's access to the cluster without being the Dashboard, and usually without anyone reviewing it.",
  remediation:
    "Give the other workload its own ServiceAccount with the permissions it needs, and remove other subjects from bindings to the kubernetes-dashboard role.",
  evaluate(ctx) {
    const accounts = dashboardAccounts(ctx.index);
    const results: CheckResult[] = [];
    // Indexed loops: they run once per audit over every workload and binding,
    // mostly unoptimised, where a for-of allocates a result per item.
    const workloads = ctx.index.workloads();
    for (let i = 0; i < workloads.length; i++) {
      const w = workloads[i]!;
      const sa = serviceAccountOf(w);
      if (!accounts.isDashboardAccount(w.namespace, sa)) continue;
      results.push(isDashboard(w) ? pass(workloadRef(w), "the Dashboard runs as its own account") : fail(workloadRef(w), `runs as the Dashboard's ServiceAccount ${sa} without being the Dashboard`));
    }
    const bindings = rbacIndex(ctx.index).bindings;
    for (let i = 0; i < bindings.length; i++) {
      const b = bindings[i]!;
      if (b.roleRef.name !== DASHBOARD_NAME) continue;
      const others = b.subjects.filter((s) => !(s.kind === "ServiceAccount" && accounts.isDashboardAccount(s.namespace ?? "default", s.name)));
      results.push(
        others.length
          ? fail(b.ref, `binds the Dashboard's role to ${others.map(subjectText).join(", ")}`)
          : pass(b.ref, "binds the Dashboard's role only to its own account"),
      );
    }
    return results;
  },
});
