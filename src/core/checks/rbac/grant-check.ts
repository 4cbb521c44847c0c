// Most RBAC checks ask one question ("does this grant X?") and peers report the
// answer in two places: on the Role/ClusterRole that holds the rule (Polaris,
// Trivy, Checkov's role checks) and on the binding that hands it to someone
// (Checkov's graph checks, kubescape). This factory always answers on both.
import type { PolicyRule } from "../../snapshot/k8s-types.js";
import { fail } from "../helpers.js";
import { walk, walkLists, type WalkOutcome } from "../rule-batch.js";
import { defineCheck, type CheckDefinition, type CheckResult, type References, type Severity } from "../types.js";
import { RBAC_KINDS, rbacIndex, rulesKey, type RbacIndex, type ResolvedBinding, type ResolvedRole } from "./resolver.js";
import { subjectText } from "./rules.js";

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

/** Pass messages of one grant check, written once rather than once per role and binding. */
interface PassMessages {
  role: string;
  binding: string;
}

function evaluateRole(spec: GrantCheckSpec, role: ResolvedRole, verdict: Verdict, passes: PassMessages, out: WalkOutcome): void {
  const why = verdict(role, role.kind === "Role");
  if (why === undefined) out.pass(role.ref, passes.role, role.refSeed);
  else out.add(fail(role.ref, `allows ${spec.capability}: ${why}`), role.refSeed);
}

function evaluateBinding(spec: GrantCheckSpec, b: ResolvedBinding, role: ResolvedRole, verdict: Verdict, passes: PassMessages, out: WalkOutcome): void {
  if (b.subjects.length === 0) return out.pass(b.ref, "has no subjects", b.refSeed);
  if (b.exposedSubjects.length === 0) return out.pass(b.ref, "binds only Kubernetes' own system identities", b.refSeed);
  const why = verdict(role, b.kind === "RoleBinding");
  if (why === undefined) return out.pass(b.ref, passes.binding, b.refSeed);
  const scope = b.kind === "RoleBinding" ? ` in namespace ${b.namespace}` : " cluster-wide";
  const exposed = { ...b, subjects: b.exposedSubjects };
  out.add(fail(b.ref, `gives ${bindingSubjects(exposed)} ${spec.capability}${scope} through ${roleText(role)}: ${why}`), b.refSeed);
}

// Every grant check, in definition order: a role's rules are judged for all of
// them at once (see verdictOf), while they are in cache, instead of each check
// reading every role of the cluster again.
const SPECS: GrantCheckSpec[] = [];

/** One scope's verdicts for one role, per spec position; a thrown error is kept to be rethrown to its check. */
type Verdicts = (string | undefined | { thrown: unknown })[];

interface ByScope {
  cluster?: Verdicts;
  namespaced?: Verdicts;
}

const judged = new WeakMap<ResolvedRole, ByScope>();
// Thousands of roles carry the same rules (copies of one template), and the
// verdicts depend on the rules alone: per audit (per RBAC index), roles with
// equal rules share them.
const judgedRules = new WeakMap<RbacIndex, Map<string, ByScope>>();

function scopesOf(role: ResolvedRole, rbac: RbacIndex): ByScope {
  let byScope = judged.get(role);
  if (byScope) return byScope;
  let byRules = judgedRules.get(rbac);
  if (!byRules) judgedRules.set(rbac, (byRules = new Map()));
  const key = rulesKey(role);
  if (key === undefined) byScope = {};
  else if (!(byScope = byRules.get(key))) byRules.set(key, (byScope = {}));
  judged.set(role, byScope);
  return byScope;
}

function verdictOf(spec: number, role: ResolvedRole, namespaced: boolean, rbac: RbacIndex): string | undefined {
  const byScope = scopesOf(role, rbac);
  let verdicts = namespaced ? byScope.namespaced : byScope.cluster;
  if (!verdicts) {
    verdicts = SPECS.map((s) => {
      try {
        return s.grants(role.rules, namespaced);
      } catch (thrown) {
        return { thrown };
      }
    });
    if (namespaced) byScope.namespaced = verdicts;
    else byScope.cluster = verdicts;
  }
  // A grant check defined after this role was judged (tests do that) is asked directly.
  if (spec >= verdicts.length) return SPECS[spec]!.grants(role.rules, namespaced);
  const v = verdicts[spec];
  if (typeof v === "object") throw v.thrown;
  return v;
}

export function defineGrantCheck(spec: GrantCheckSpec): CheckDefinition {
  const position = SPECS.push(spec) - 1;
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
      const verdict: Verdict = (role, namespaced) => verdictOf(position, role, namespaced, rbac);
      const passes: PassMessages = { role: `does not allow ${spec.capability}`, binding: `its role does not allow ${spec.capability}` };
      // Roles, then bindings: walked with the other RBAC checks when the audit batches them.
      return walkLists(ctx, [
        walk(rbac.roles, (out) => (role) => {
          if (role.builtIn || role.assumed) return;
          // A namespaced Role cannot grant cluster-scoped resources: its rule is inert.
          if (spec.clusterScoped && role.kind === "Role") return;
          evaluateRole(spec, role, verdict, passes, out);
        }),
        walk(rbac.bindings, (out) => (b) => {
          if (b.builtIn || !b.role) return;
          if (spec.clusterScoped && b.kind === "RoleBinding") return;
          evaluateBinding(spec, b, b.role, verdict, passes, out);
        }),
      ]);
    },
  });
}
