import type { PolicyRule } from "../../snapshot/k8s-types.js";
import { fail } from "../helpers.js";
import { walk, walkLists } from "../rule-batch.js";
import { defineCheck } from "../types.js";
import { RBAC_KINDS, rbacIndex } from "./resolver.js";
import { describeRule } from "./rules.js";

function wildcardFields(rule: PolicyRule): string[] {
  const fields: string[] = [];
  if ((rule.apiGroups ?? []).includes("*")) fields.push("apiGroups");
  if ((rule.resources ?? []).includes("*")) fields.push("resources");
  if ((rule.verbs ?? []).includes("*")) fields.push("verbs");
  return fields;
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
        const ref = role.ref;
        const own = (role.object["rules"] as PolicyRule[] | undefined) ?? [];
        const hits = own.flatMap((rule) => {
          const fields = wildcardFields(rule);
          return fields.length ? [`${fields.join("+")} in rule ${describeRule(rule)}`] : [];
        });
        if (hits.length) out.add(fail(ref, `uses * for ${hits.join("; ")}`), role.refSeed);
        else out.pass(ref, "names its verbs, resources and groups", role.refSeed);
      }),
    ]),
});
