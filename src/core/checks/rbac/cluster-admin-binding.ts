import { fail, notApplicable, pass } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { bindingSubjects, roleText } from "./grant-check.js";
import { RBAC_KINDS, rbacIndex, rbacRef, type ResolvedRole } from "./resolver.js";
import { describeRule, isSystemSubject, selfEscalationPath, wildcardAdminRule } from "./rules.js";

/** Why holding this role is as good as being cluster-admin (in its scope), or undefined. */
export function adminEquivalence(role: ResolvedRole): string | undefined {
  if (role.kind === "ClusterRole" && role.name === "cluster-admin") return "the cluster-admin ClusterRole";
  const wildcard = wildcardAdminRule(role.rules);
  if (wildcard) return `${roleText(role)} has full control of every resource (rule ${describeRule(wildcard)})`;
  const escalation = selfEscalationPath(role.rules);
  if (escalation) return `${roleText(role)} ${escalation}`;
  return undefined;
}

export const clusterAdminBinding = defineCheck({
  id: "cluster-admin-binding",
  title: "Only Kubernetes' own identities hold cluster-admin or an equivalent role",
  severity: "critical",
  category: "rbac",
  needs: ["objects"],
  kinds: RBAC_KINDS,
  references: {
    cis: ["5.1.1"],
    kubescape: ["C-0185", "C-0035"],
    polaris: ["clusterrolebindingClusterAdmin", "rolebindingClusterAdminClusterRole", "rolebindingClusterAdminRole"],
  },
  description:
    "A binding to cluster-admin, to a role with `*` verbs on `*` resources, or to a role that can grant itself anything (bind plus write bindings, escalate plus write roles, impersonation of users or groups) makes its subjects administrators of the cluster, or of the namespace for a RoleBinding. Kubernetes' own identities (system:masters, system:kube-controller-manager...) and its reconciled default bindings are allowed.",
  remediation:
    "Bind a role that lists the verbs and resources the subject needs instead. Keep break-glass admin access on short-lived credentials outside RBAC bindings, and remove bindings left over from installers.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const b of rbacIndex(ctx.index).bindings) {
      if (b.builtIn) continue;
      const ref = rbacRef(b.object);
      if (!b.role) {
        results.push(notApplicable(ref, `references ${b.roleRef.kind} ${b.roleRef.name}, which is not in the input: it grants nothing until that role exists`));
        continue;
      }
      const why = adminEquivalence(b.role);
      const exposed = b.subjects.filter((s) => !isSystemSubject(s));
      if (!why) {
        results.push(pass(ref, `${roleText(b.role)} is not admin-equivalent`));
      } else if (exposed.length === 0) {
        results.push(pass(ref, `admin-equivalent, but bound only to Kubernetes' own identities`));
      } else {
        const scope = b.kind === "RoleBinding" ? `administrators of namespace ${b.namespace}` : "cluster administrators";
        results.push(fail(ref, `makes ${bindingSubjects({ ...b, subjects: exposed })} ${scope}: ${why}`));
      }
    }
    return results;
  },
});
