import { fail, pass } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { roleText } from "./grant-check.js";
import { RBAC_KINDS, rbacIndex, rbacRef } from "./resolver.js";
import { ANONYMOUS_SUBJECTS, isBroadSubject } from "./rules.js";

export const rbacAnonymousBinding = defineCheck({
  id: "rbac-anonymous-binding",
  title: "Nothing is granted to anonymous or all authenticated users",
  severity: "critical",
  category: "rbac",
  needs: ["objects"],
  kinds: RBAC_KINDS,
  references: { kubescape: ["C-0262", "C-0265"], trivy: ["KSV-0122", "KSV122"] },
  description:
    "A binding to system:anonymous or system:unauthenticated gives its role to anyone who can reach the API server, with no credentials; one to system:authenticated or system:serviceaccounts gives it to every user and every pod token, so one leaked token is enough. Kubernetes' own default bindings for discovery are allowed for authenticated users; for anonymous users even the default health/version binding is reported, because it only matters when anonymous authentication is on.",
  remediation:
    "Bind named users, groups from your identity provider, or specific ServiceAccounts instead. Turn anonymous authentication off (or restrict it to health endpoints with an AuthenticationConfiguration) and delete bindings to system:unauthenticated.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const b of rbacIndex(ctx.index).bindings) {
      const ref = rbacRef(b.object);
      const anonymous = b.subjects.filter((s) => ANONYMOUS_SUBJECTS.has(s.name) && (s.kind === "User" || s.kind === "Group"));
      const broad = b.subjects.filter((s) => isBroadSubject(s) && !ANONYMOUS_SUBJECTS.has(s.name));
      const role = b.role ? roleText(b.role) : `${b.roleRef.kind} ${b.roleRef.name}`;
      if (anonymous.length > 0) {
        results.push(fail(ref, `gives ${role} to unauthenticated requests (${anonymous.map((s) => s.name).join(", ")})`));
      } else if (broad.length > 0 && !b.builtIn) {
        results.push(fail(ref, `gives ${role} to every ${broad.map((s) => s.name).join(", ")} identity`));
      } else if (!b.builtIn) {
        results.push(pass(ref, "binds only specific identities"));
      }
    }
    return results;
  },
});
