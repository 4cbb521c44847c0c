import { fail } from "../helpers.js";
import { walk, walkLists } from "../rule-batch.js";
import { defineCheck } from "../types.js";
import { roleText } from "./grant-check.js";
import { RBAC_KINDS, rbacIndex, type ResolvedBinding } from "./resolver.js";
import { ANONYMOUS_SUBJECTS, isBroadSubject } from "./rules.js";

// Named only in failures, which are few among thousands of bindings.
function roleName(b: ResolvedBinding): string {
  return b.role ? roleText(b.role) : `${b.roleRef.kind} ${b.roleRef.name}`;
}

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
  evaluate: (ctx) =>
    walkLists(ctx, [
      walk(rbacIndex(ctx.index).bindings, (out) => (b) => {
        const ref = b.ref;
        const anonymous = b.subjects.filter((s) => ANONYMOUS_SUBJECTS.has(s.name) && (s.kind === "User" || s.kind === "Group"));
        const broad = b.subjects.filter((s) => isBroadSubject(s) && !ANONYMOUS_SUBJECTS.has(s.name));
        if (anonymous.length > 0) {
          out.add(fail(ref, `gives ${roleName(b)} to unauthenticated requests (${anonymous.map((s) => s.name).join(", ")})`), b.refSeed);
        } else if (broad.length > 0 && !b.builtIn) {
          out.add(fail(ref, `gives ${roleName(b)} to every ${broad.map((s) => s.name).join(", ")} identity`), b.refSeed);
        } else if (!b.builtIn) {
          out.pass(ref, "binds only specific identities", b.refSeed);
        }
      }),
    ]),
});
