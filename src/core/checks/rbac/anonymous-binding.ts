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
        // Look before listing: nearly every binding names neither kind of subject.
        let anonymous = false;
        let broad = false;
        const subjects = b.subjects;
        for (let i = 0; i < subjects.length; i++) {
          const s = subjects[i]!;
          if (ANONYMOUS_SUBJECTS.has(s.name)) anonymous ||= s.kind === "User" || s.kind === "Group";
          else broad ||= isBroadSubject(s);
        }
        if (anonymous) {
          const names = b.subjects.filter((s) => ANONYMOUS_SUBJECTS.has(s.name) && (s.kind === "User" || s.kind === "Group")).map((s) => s.name);
          out.add(fail(b.ref, `gives ${roleName(b)} to unauthenticated requests (${names.join(", ")})`), b.refSeed);
        } else if (broad && !b.builtIn) {
          const names = b.subjects.filter((s) => isBroadSubject(s) && !ANONYMOUS_SUBJECTS.has(s.name)).map((s) => s.name);
          out.add(fail(b.ref, `gives ${roleName(b)} to every ${names.join(", ")} identity`), b.refSeed);
        } else if (!b.builtIn) {
          if (out.keepsPasses) out.pass(b.ref, "binds only specific identities", b.refSeed);
          else out.countPass();
        }
      }),
    ]),
});
