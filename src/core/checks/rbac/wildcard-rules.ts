import type { PolicyRule } from "../../snapshot/k8s-types.js";
import { fail } from "../helpers.js";
import { walk, walkLists } from "../rule-batch.js";
import { defineCheck } from "../types.js";
import { RBAC_KINDS, rbacIndex, type ResolvedRole } from "./resolver.js";
import { describeRule } from "./rules.js";

/** The wildcards of one rule, described; undefined (and nothing made) when it has none. */
function wildcardHit(rule: PolicyRule): string | undefined {
  const groups = (rule.apiGroups ?? []).includes("*");
  const resources = (rule.resources ?? []).includes("*");
  const verbs = (rule.verbs ?? []).includes("*");
  if (!groups && !resources && !verbs) return undefined;
  const fields: string[] = [];
  if (groups) fields.push("apiGroups");
  if (resources) fields.push("resources");
  if (verbs) fields.push("verbs");
  return `${fields.join("+")} in rule ${describeRule(rule)}`;
}

/** The wildcards of a role's own rules, described; undefined when it has none. */
function wildcardHits(role: ResolvedRole): string | undefined {
  const own = (role.object["rules"] as PolicyRule[] | undefined) ?? [];
  if (!Array.isArray(own)) {
    // Not a list: fails as it always did.
    const hits = (own as PolicyRule[]).flatMap((rule) => {
      const hit = wildcardHit(rule);
      return hit === undefined ? [] : [hit];
    });
    return hits.length ? hits.join("; ") : undefined;
  }
  // Once per role of the cluster: a loop rather than flatMap, so that a role
  // without wildcards (nearly all) costs no list and no string.
  let hits: string | undefined;
  for (let i = 0; i < own.length; i++) {
    const hit = wildcardHit(own[i]!);
    if (hit !== undefined) hits = hits === undefined ? hit : `${hits}; ${hit}`;
  }
  return hits;
}

export const rbacWildcard = defineCheck({
  id: "rbac-wildcard",
  title: "Roles do not use wildcards for verbs, resources or API groups",
  severity: "high",
  category: "rbac",
  needs: ["objects"],
  kinds: RBAC_KINDS,
  references: {
    cis: ["5.1.3"],
    kubescape: ["C-0187"],
    checkov: ["CKV_K8S_49"],
    trivy: ["KSV-0044", "KSV044", "KSV-0045", "KSV045", "KSV-0046", "KSV046", "KSV-0112", "KSV112"],
  },
  description:
    "A `*` in a rule grants every present and future verb, resource or API group, including custom resources installed later and subresources such as pods/exec. The role silently grows with the cluster.",
  remediation:
    "List the verbs, resources and API groups the workload uses (`kubectl auth can-i --list --as=system:serviceaccount:NS:NAME` helps), and replace the wildcard with that list.",
  evaluate: (ctx) =>
    walkLists(ctx, [
      walk(rbacIndex(ctx.index).roles, (out) => (role) => {
        // Built-in roles are reconciled by the API server; aggregated roles only
        // copy rules from the roles they select, which are judged themselves.
        if (role.builtIn || role.assumed || role.aggregated) return;
        const hits = wildcardHits(role);
        if (hits !== undefined) out.add(fail(role.ref, `uses * for ${hits}`), role.refSeed);
        else if (out.keepsPasses) out.pass(role.ref, "names its verbs, resources and groups", role.refSeed);
        else out.countPass();
      }),
    ]),
});
