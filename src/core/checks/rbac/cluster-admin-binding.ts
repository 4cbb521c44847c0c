import { fail, notApplicable } from "../helpers.js";
import { walk, walkLists } from "../rule-batch.js";
import { defineCheck } from "../types.js";
import { bindingSubjects, roleText } from "./grant-check.js";
import { RBAC_KINDS, rbacIndex, rulesKey, type ResolvedRole } from "./resolver.js";
import { describeRule, selfEscalationPath, wildcardAdminRule } from "./rules.js";

/** Why holding this role is as good as being cluster-admin (in its scope), or undefined. */
export function adminEquivalence(role: ResolvedRole, byRules: (role: ResolvedRole) => string | undefined = rulesAdminEquivalence): string | undefined {
  if (role.kind === "ClusterRole" && role.name === "cluster-admin") return "the cluster-admin ClusterRole";
  const why = byRules(role);
  return why === undefined ? undefined : `${roleText(role)} ${why}`;
}

/** What in a role's rules makes it admin-equivalent (said after the role's name), or undefined. */
function rulesAdminEquivalence(role: ResolvedRole): string | undefined {
  const wildcard = wildcardAdminRule(role.rules);
  if (wildcard) return `has full control of every resource (rule ${describeRule(wildcard)})`;
  return selfEscalationPath(role.rules) || undefined;
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
    // Thousands of bindings share a few roles, and roles a few rule lists: judge each once.
    const byRules = new Map<string, string | undefined>();
    const judgeRules = (role: ResolvedRole): string | undefined => {
      const key = rulesKey(role);
      if (key === undefined) return rulesAdminEquivalence(role);
      if (byRules.has(key)) return byRules.get(key);
      const why = rulesAdminEquivalence(role);
      byRules.set(key, why);
      return why;
    };
    const judged = new Map<ResolvedRole, { why: string | undefined; notAdmin: string }>();
    const judge = (role: ResolvedRole) => {
      let j = judged.get(role);
      if (!j) judged.set(role, (j = { why: adminEquivalence(role, judgeRules), notAdmin: `${roleText(role)} is not admin-equivalent` }));
      return j;
    };
    return walkLists(ctx, [
      walk(rbacIndex(ctx.index).bindings, (out) => (b) => {
        if (b.builtIn) return;
        const ref = b.ref;
        if (!b.role) {
          out.add(notApplicable(ref, `references ${b.roleRef.kind} ${b.roleRef.name}, which is not in the input: it grants nothing until that role exists`), b.refSeed);
          return;
        }
        const { why, notAdmin } = judge(b.role);
        const exposed = b.exposedSubjects;
        if (!why) {
          out.pass(ref, notAdmin, b.refSeed);
        } else if (exposed.length === 0) {
          out.pass(ref, `admin-equivalent, but bound only to Kubernetes' own identities`, b.refSeed);
        } else {
          const scope = b.kind === "RoleBinding" ? `administrators of namespace ${b.namespace}` : "cluster administrators";
          out.add(fail(ref, `makes ${bindingSubjects({ ...b, subjects: exposed })} ${scope}: ${why}`), b.refSeed);
        }
      }),
    ]);
  },
});
