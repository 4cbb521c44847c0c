// Most RBAC checks ask one question ("does this grant X?") and peers report the
// answer in two places: on the Role/ClusterRole that holds the rule (Polaris,
// Trivy, Checkov's role checks) and on the binding that hands it to someone
// (Checkov's graph checks, kubescape). This factory always answers on both.
import type { PolicyRule, Subject } from "../../snapshot/k8s-types.js";
import { fail } from "../helpers.js";
import { walk, walkLists, type WalkOutcome } from "../rule-batch.js";
import { defineCheck, type CheckDefinition, type References, type Severity } from "../types.js";
import { RBAC_KINDS, rbacIndex, type ResolvedBinding, type ResolvedRole, type RuleSet } from "./resolver.js";
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

/** Who a finding names: the first few subjects, and how many more. */
export function subjectList(subjects: readonly Subject[], max = 3): string {
  const names = subjects.map(subjectText);
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

export const roleText = (r: ResolvedRole) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;

type Verdict = (role: ResolvedRole, namespaced: boolean) => string | undefined;

/** Pass messages of one grant check, written once rather than once per role and binding. */
interface PassMessages {
  role: string;
  binding: string;
}

// A pass nobody keeps is only counted: its ref is then never made.
function evaluateRole(spec: GrantCheckSpec, role: ResolvedRole, verdict: Verdict, passes: PassMessages, out: WalkOutcome): void {
  const why = verdict(role, role.kind === "Role");
  if (why !== undefined) out.add(fail(role.ref, `allows ${spec.capability}: ${why}`), role.refSeed);
  else if (out.keepsPasses) out.pass(role.ref, passes.role, role.refSeed);
  else out.countPass();
}

function passBinding(b: ResolvedBinding, message: string, out: WalkOutcome): void {
  if (out.keepsPasses) out.pass(b.ref, message, b.refSeed);
  else out.countPass();
}

function evaluateBinding(spec: GrantCheckSpec, b: ResolvedBinding, role: ResolvedRole, verdict: Verdict, passes: PassMessages, out: WalkOutcome): void {
  if (b.subjects.length === 0) return passBinding(b, "has no subjects", out);
  if (b.exposedSubjects.length === 0) return passBinding(b, "binds only Kubernetes' own system identities", out);
  const why = verdict(role, b.kind === "RoleBinding");
  if (why === undefined) return passBinding(b, passes.binding, out);
  const scope = b.kind === "RoleBinding" ? ` in namespace ${b.namespace}` : " cluster-wide";
  out.add(fail(b.ref, `gives ${subjectList(b.exposedSubjects)} ${spec.capability}${scope} through ${roleText(role)}: ${why}`), b.refSeed);
}

// Every grant check, in definition order: a role's rules are judged for all of
// them at once (see verdictOf), while they are in cache, instead of each check
// reading every role of the cluster again.
const SPECS: GrantCheckSpec[] = [];

/** One scope's verdicts for one rule set, per spec position; a thrown error is kept to be rethrown to its check. */
type Verdicts = (string | undefined | { thrown: unknown })[];

interface ByScope {
  cluster?: Verdicts;
  namespaced?: Verdicts;
}

// Thousands of roles carry the same rules (copies of one template), and the
// verdicts depend on the rules alone: judged once per rule set of an audit.
const judged = new WeakMap<RuleSet, ByScope>();

function judgeAll(rules: readonly PolicyRule[], namespaced: boolean): Verdicts {
  return SPECS.map((s) => {
    try {
      return s.grants(rules, namespaced);
    } catch (thrown) {
      return { thrown };
    }
  });
}

// Asked for every role and binding by every grant check: it must not hold a
// closure (judgeAll does), or each call would allocate a context for it.
function verdictOf(spec: number, role: ResolvedRole, namespaced: boolean): string | undefined {
  const set = role.ruleSet;
  let byScope = judged.get(set);
  if (!byScope) judged.set(set, (byScope = {}));
  let verdicts = namespaced ? byScope.namespaced : byScope.cluster;
  if (!verdicts) {
    verdicts = judgeAll(role.rules, namespaced);
    if (namespaced) byScope.namespaced = verdicts;
    else byScope.cluster = verdicts;
  }
  // A grant check defined after this rule set was judged (tests do that) is asked directly.
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
      const verdict: Verdict = (role, namespaced) => verdictOf(position, role, namespaced);
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
