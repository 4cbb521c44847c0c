import { fail, notApplicable } from "../helpers.js";
import { walk, walkLists } from "../rule-batch.js";
import { defineCheck } from "../types.js";
import { roleText, subjectList } from "./grant-check.js";
import { RBAC_KINDS, rbacIndex, type ResolvedRole, type RuleSet } from "./resolver.js";
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
    // Thousands of bindings share a few rule sets: judge each once. Messages are
    // written per binding, and only for the few that are kept.
    const byRules = new Map<RuleSet, string | undefined>();
    const judgeRules = (role: ResolvedRole): string | undefined => {
      const set = role.ruleSet;
      if (byRules.has(set)) return byRules.get(set);
      const why = rulesAdminEquivalence(role);
      byRules.set(set, why);
      return why;
    };
    return walkLists(ctx, [
      walk(rbacIndex(ctx.index).bindings, (out) => (b) => {
        if (b.builtIn) return;
        const role = b.role;
        if (!role) {
          out.add(notApplicable(b.ref, `references ${b.roleRef.kind} ${b.roleRef.name}, which is not in the input: it grants nothing until that role exists`), b.refSeed);
          return;
        }
        const why = adminEquivalence(role, judgeRules);
        const exposed = b.exposedSubjects;
        if (!why) {
          if (out.keepsPasses) out.pass(b.ref, `${roleText(role)} is not admin-equivalent`, b.refSeed);
          else out.countPass();
        } else if (exposed.length === 0) {
          if (out.keepsPasses) out.pass(b.ref, `admin-equivalent, but bound only to Kubernetes' own identities`, b.refSeed);
          else out.countPass();
        } else {
          const scope = b.kind === "RoleBinding" ? `administrators of namespace ${b.namespace}` : "cluster administrators";
          out.add(fail(b.ref, `makes ${subjectList(exposed)} ${scope}: ${why}`), b.refSeed);
        }
      }),
    ]);
  },
});
