// Most RBAC checks ask one question ("does this grant X?") and peers report the
// answer in two places: on the Role/ClusterRole that holds the rule (Polaris,
// Trivy, Checkov's role checks) and on the binding that hands it to someone
// (Checkov's graph checks, kubescape). This factory always answers on both.
import type { PolicyRule } from "../../snapshot/k8s-types.js";
import { fail, pass } from "../helpers.js";
import { defineCheck, type CheckDefinition, type CheckResult, type References, type Severity } from "../types.js";
import { RBAC_KINDS, rbacIndex, rbacRef, type ResolvedBinding, type ResolvedRole } from "./resolver.js";
import { isSystemSubject, subjectText } from "./rules.js";

export interface GrantCheckSpec {
  id: string;
  title: string;
  severity: Severity;
  references: References;
  description: string;
  remediation: string;
  /** What the capability is, for messages: "exec/attach into pods". */
  capability: string;
  /**
   * Why these rules grant the capability, or undefined when they do not.
   * `namespaced` is true when they act through a Role or RoleBinding, which
   * can never reach cluster-scoped resources (nodes/proxy, webhooks...).
   */
  grants(rules: readonly PolicyRule[], namespaced: boolean): string | undefined;
  /** The capability is over cluster-scoped resources, which Roles and RoleBindings cannot grant. */
  clusterScoped?: boolean;
}

export function bindingSubjects(b: ResolvedBinding, max = 3): string {
  const names = b.subjects.map(subjectText);
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

export const roleText = (r: ResolvedRole) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;

type Verdict = (role: ResolvedRole, namespaced: boolean) => string | undefined;

function evaluateRole(spec: GrantCheckSpec, role: ResolvedRole, verdict: Verdict): CheckResult {
  const why = verdict(role, role.kind === "Role");
  const ref = rbacRef(role.object);
  return why === undefined ? pass(ref, `does not allow ${spec.capability}`) : fail(ref, `allows ${spec.capability}: ${why}`);
}

function evaluateBinding(spec: GrantCheckSpec, b: ResolvedBinding, role: ResolvedRole, verdict: Verdict): CheckResult {
  const ref = rbacRef(b.object);
  if (b.subjects.length === 0) return pass(ref, "has no subjects");
  if (b.subjects.every(isSystemSubject)) return pass(ref, "binds only Kubernetes' own system identities");
  const why = verdict(role, b.kind === "RoleBinding");
  if (why === undefined) return pass(ref, `its role does not allow ${spec.capability}`);
  const scope = b.kind === "RoleBinding" ? ` in namespace ${b.namespace}` : " cluster-wide";
  const exposed = { ...b, subjects: b.subjects.filter((s) => !isSystemSubject(s)) };
  return fail(ref, `gives ${bindingSubjects(exposed)} ${spec.capability}${scope} through ${roleText(role)}: ${why}`);
}

export function defineGrantCheck(spec: GrantCheckSpec): CheckDefinition {
  return defineCheck({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    category: "rbac",
    needs: ["objects"],
    kinds: RBAC_KINDS,
    references: spec.references,
    description: spec.description,
    remediation: spec.remediation,
    evaluate(ctx) {
      const rbac = rbacIndex(ctx.index);
      const results: CheckResult[] = [];
      // A role is judged once per scope however many bindings point at it.
      const memo = { cluster: new Map<ResolvedRole, string | undefined>(), namespaced: new Map<ResolvedRole, string | undefined>() };
      const verdict: Verdict = (role, namespaced) => {
        const m = namespaced ? memo.namespaced : memo.cluster;
        if (m.has(role)) return m.get(role);
        const why = spec.grants(role.rules, namespaced);
        m.set(role, why);
        return why;
      };
      for (const role of rbac.roles) {
        if (role.builtIn || role.assumed) continue;
        // A namespaced Role cannot grant cluster-scoped resources: its rule is inert.
        if (spec.clusterScoped && role.kind === "Role") continue;
        results.push(evaluateRole(spec, role, verdict));
      }
      for (const b of rbac.bindings) {
        if (b.builtIn || !b.role) continue;
        if (spec.clusterScoped && b.kind === "RoleBinding") continue;
        results.push(evaluateBinding(spec, b, b.role, verdict));
      }
      return results;
    },
  });
}
