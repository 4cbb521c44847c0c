// One RBAC view per audit, shared by every RBAC check: aggregated ClusterRoles
// resolved through their label selectors, bindings joined to their role, and
// lookups by role and by ServiceAccount. Built once (memoised on the snapshot
// index) so twenty thousand roles and bindings cost one pass, not one per check.
import type { LabelSelector, PolicyRule, RoleRef, Subject } from "../../snapshot/k8s-types.js";
import type { SnapshotIndex } from "../../snapshot/index.js";
import { isEmptySelector, matchesSelector } from "../../snapshot/labels.js";
import { isClusterScopedKind } from "../../snapshot/scope.js";
import type { KubeObject } from "../../snapshot/types.js";
import { refSeed, type RefSeed } from "../../audit/fingerprint.js";
import type { ResourceRef } from "../types.js";
import { DEFAULT_CLUSTER_ROLES } from "./default-roles.js";
import { isBuiltIn, isSystemSubject } from "./rules.js";
import { lazy, memoizeBy } from "../../memo.js";
import { asText } from "../../snapshot/manifest-values.js";
import { pushTo } from "../../collections.js";

export const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

export interface ResolvedRole {
  object: KubeObject;
  kind: "Role" | "ClusterRole";
  name: string;
  namespace?: string;
  /** Own rules plus, for aggregated ClusterRoles, the rules of every ClusterRole the selectors pick. */
  rules: PolicyRule[];
  /** Shared by every role of this audit whose rules are equal: what depends on the rules alone is judged once per set. */
  ruleSet: RuleSet;
  aggregated: boolean;
  builtIn: boolean;
  /** Not in the input: a well-known default role stood in for by its shipped rules. */
  assumed: boolean;
  /** `rbacRef(object)`, made once (on first use): a dozen checks report on every role. */
  ref: ResourceRef;
  /** The ref's share of a fingerprint, hashed once (on first use). */
  refSeed: RefSeed;
}

/**
 * One audit's roles with equal rules share one: thousands of roles are copies of
 * one template. An identity to key caches on; the rules are any of its roles'.
 */
export interface RuleSet {
  /** Numbered in the order first met, for debugging. */
  readonly id: number;
}

export interface ResolvedBinding {
  object: KubeObject;
  kind: "RoleBinding" | "ClusterRoleBinding";
  name: string;
  namespace?: string;
  roleRef: RoleRef;
  /** Undefined when the referenced role is not in the input (the binding grants nothing yet). */
  role?: ResolvedRole;
  /** ServiceAccount subjects of RoleBindings get the binding's namespace when they omit one. */
  subjects: Subject[];
  /** The subjects that are not Kubernetes' own identities: who a finding names. */
  exposedSubjects: Subject[];
  builtIn: boolean;
  /** `rbacRef(object)`, made once (on first use): a dozen checks report on every binding. */
  ref: ResourceRef;
  /** The ref's share of a fingerprint, hashed once (on first use). */
  refSeed: RefSeed;
}

export interface RbacIndex {
  roles: readonly ResolvedRole[];
  bindings: readonly ResolvedBinding[];
  bindingsOf(role: ResolvedRole): readonly ResolvedBinding[];
  /** Bindings that name this ServiceAccount directly as a subject. */
  bindingsForServiceAccount(namespace: string, name: string): readonly ResolvedBinding[];
}

/**
 * Like `refOf`, but a cluster-scoped object keeps a namespace its manifest wrote.
 * The API server drops it on live objects; in files it is how peers (Checkov)
 * name the object, and keeping it lets people find the document they wrote.
 */
export function rbacRef(obj: KubeObject): ResourceRef {
  const ref: ResourceRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  const ns = isClusterScopedKind(obj.kind) ? obj.metadata.namespace : (obj.metadata.namespace ?? "default");
  if (ns) ref.namespace = ns;
  return ref;
}

/** The frozen ref of an RBAC object. */
const sharedRef = (obj: KubeObject): ResourceRef => Object.freeze(rbacRef(obj));

/** A role's namespace as text ("" for none). */
const namespaceText = (role: ResolvedRole): string => asText(role.namespace ?? "");

/**
 * Roles by kind, name and namespace ("" for none), compared as text: a map by
 * name holding the role, or the roles when a name is used in several namespaces,
 * rather than one key string per role and per lookup, or one map per namespace.
 */
class RolesByName {
  private readonly byKind = new Map<string, Map<string, ResolvedRole | ResolvedRole[]>>();

  get(kind: string, ns: string | undefined, name: unknown): ResolvedRole | undefined {
    const found = this.byKind.get(kind)?.get(asText(name));
    if (found === undefined) return undefined;
    const wanted = asText(ns ?? "");
    if (!Array.isArray(found)) return namespaceText(found) === wanted ? found : undefined;
    return found.find((role) => namespaceText(role) === wanted);
  }

  /** Adds a role, replacing one of the same kind, namespace and name. */
  set(role: ResolvedRole): void {
    let byName = this.byKind.get(role.kind);
    if (!byName) this.byKind.set(role.kind, (byName = new Map()));
    const name = asText(role.name);
    const found = byName.get(name);
    const ns = namespaceText(role);
    if (found === undefined || (!Array.isArray(found) && namespaceText(found) === ns)) {
      byName.set(name, role);
    } else if (!Array.isArray(found)) {
      byName.set(name, [found, role]);
    } else {
      const same = found.findIndex((other) => namespaceText(other) === ns);
      if (same >= 0) found[same] = role;
      else found.push(role);
    }
  }
}

/**
 * One step of a path through the rule sets. A rule list is read as a path: each
 * rule opens with `rule`, then come each field's name, its values, and `end`.
 * After `rule` or `end` a text is a field name, after a name or a value it is a
 * value, so equal paths mean equal rules, and one map of texts per step is enough.
 */
interface Step {
  rule?: Step;
  end?: Step;
  next?: Map<string, Step>;
  set?: RuleSet;
}

function stepTo(step: Step, text: string): Step {
  const next = (step.next ??= new Map());
  let to = next.get(text);
  if (!to) next.set(text, (to = {}));
  return to;
}

/**
 * The rule sets of one audit. Finding a role's set walks the steps of its rules
 * (no key string per role: ten thousand roles make a handful of steps); rules
 * that are not objects of string lists, as an API server writes them, get a set
 * of their own.
 */
class RuleSets {
  private readonly root: Step = {};
  private made = 0;

  of(rules: readonly PolicyRule[]): RuleSet {
    const last = this.lastStep(rules);
    if (!last) return { id: this.made++ };
    return (last.set ??= { id: this.made++ });
  }

  private lastStep(rules: readonly PolicyRule[]): Step | undefined {
    let step = this.root;
    for (let i = 0; i < rules.length; i++) {
      const rule: unknown = rules[i];
      if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return undefined;
      step = step.rule ??= {};
      for (const field in rule) {
        const values: unknown = (rule as Record<string, unknown>)[field];
        if (!Array.isArray(values)) return undefined;
        step = stepTo(step, field);
        for (let v = 0; v < values.length; v++) {
          const value: unknown = values[v];
          if (typeof value !== "string") return undefined;
          step = stepTo(step, value);
        }
        step = step.end ??= {};
      }
    }
    return step;
  }
}

// Roles and bindings are classes so that what most audits never read is made on
// first use: a pass that is only counted needs neither ref nor seed, which would
// otherwise be made for twenty thousand objects per audit. They live as long as
// the audit, so they hold no more than they must (the name is the object's).

/** What roles and bindings share: the object, and its ref and seed made on first use. */
abstract class RbacObject {
  private madeRef: ResourceRef | undefined;
  private madeSeed: RefSeed | undefined;

  constructor(readonly object: KubeObject) {}

  get name(): string {
    return this.object.metadata.name;
  }

  get ref(): ResourceRef {
    return (this.madeRef ??= sharedRef(this.object));
  }

  get refSeed(): RefSeed {
    return (this.madeSeed ??= refSeed(this.ref));
  }
}

class Role extends RbacObject implements ResolvedRole {
  constructor(
    object: KubeObject,
    readonly kind: "Role" | "ClusterRole",
    readonly namespace: string | undefined,
    readonly rules: PolicyRule[],
    readonly ruleSet: RuleSet,
    readonly aggregated: boolean,
    readonly builtIn: boolean,
    readonly assumed: boolean,
  ) {
    super(object);
  }
}

class Binding extends RbacObject implements ResolvedBinding {
  constructor(
    object: KubeObject,
    readonly kind: "RoleBinding" | "ClusterRoleBinding",
    readonly namespace: string | undefined,
    readonly roleRef: RoleRef,
    readonly role: ResolvedRole | undefined,
    readonly subjects: Subject[],
    readonly exposedSubjects: Subject[],
    readonly builtIn: boolean,
  ) {
    super(object);
  }
}

function asRules(x: unknown): PolicyRule[] {
  if (!Array.isArray(x)) return [];
  // A list of objects, as manifests give it, is kept rather than copied.
  for (let i = 0; i < x.length; i++) {
    const r: unknown = x[i];
    if (typeof r !== "object" || r === null) return x.filter((r) => typeof r === "object" && r !== null) as PolicyRule[];
  }
  return x as PolicyRule[];
}

/** Whether a subject is kept as the manifest wrote it (see `subjectsOf`). */
function keptAsWritten(s: Subject | null | undefined, namespace: string | undefined): boolean {
  if (!s || typeof s.name !== "string") return false;
  return !(s.kind === "ServiceAccount" && !s.namespace && namespace);
}

/**
 * A binding's subjects (those with a name), ServiceAccounts of a RoleBinding given
 * its namespace. The manifest's own list when every subject is kept as written
 * (nearly always): one list per binding fewer.
 */
function subjectsOf(b: KubeObject, namespace: string | undefined): Subject[] {
  const listed = b["subjects"];
  if (Array.isArray(listed)) {
    let asWritten = true;
    for (let i = 0; i < listed.length && asWritten; i++) asWritten = keptAsWritten(listed[i] as Subject | null | undefined, namespace);
    if (asWritten) return listed as Subject[];
  }
  return ((b["subjects"] as Subject[] | undefined) ?? [])
    .filter((s) => s && typeof s.name === "string")
    .map((s) => (s.kind === "ServiceAccount" && !s.namespace && namespace ? { ...s, namespace } : s));
}

/** The subjects that are not Kubernetes' own identities; the same list when that is all of them. */
function exposedOf(subjects: Subject[]): Subject[] {
  let system = 0;
  for (let i = 0; i < subjects.length; i++) if (isSystemSubject(subjects[i]!)) system++;
  return system === 0 ? subjects : subjects.filter((s) => !isSystemSubject(s));
}

// Runs once per audit, mostly before V8 optimises it: indexed loops, because a
// for-of would allocate an iterator result for each of thousands of objects.
function buildIndex(index: SnapshotIndex): RbacIndex {
  const ruleSets = new RuleSets();
  const clusterRoles = index.ofKind("ClusterRole");
  // label "k=v" -> ClusterRoles carrying it, so aggregation selectors need no full scan
  const byLabel = new Map<string, KubeObject[]>();
  for (let i = 0; i < clusterRoles.length; i++) {
    const cr = clusterRoles[i]!;
    const labels = cr.metadata.labels;
    if (!labels) continue;
    for (const [k, v] of Object.entries(labels)) {
      const key = `${k}=${v}`;
      pushTo(byLabel, key, cr);
    }
  }
  const selected = (selector: LabelSelector): KubeObject[] => {
    if (isEmptySelector(selector)) return []; // an empty aggregation selector matches nothing
    const pairs = Object.entries(selector.matchLabels ?? {});
    let candidates: readonly KubeObject[] = clusterRoles;
    if (pairs.length > 0) {
      candidates = pairs
        .map(([k, v]) => byLabel.get(`${k}=${v}`) ?? [])
        .reduce((best, list) => (list.length < best.length ? list : best));
    }
    return candidates.filter((cr) => matchesSelector(cr.metadata.labels, selector));
  };

  const effective = new Map<KubeObject, PolicyRule[]>();
  const resolving = new Set<KubeObject>();
  const rulesOf = (cr: KubeObject): PolicyRule[] => {
    const done = effective.get(cr);
    if (done) return done;
    const own = asRules(cr["rules"]);
    const selectors = (cr["aggregationRule"] as { clusterRoleSelectors?: LabelSelector[] } | undefined)?.clusterRoleSelectors;
    if (!selectors?.length || resolving.has(cr)) return own;
    resolving.add(cr);
    const seen = new Set<KubeObject>([cr]);
    const rules = [...own];
    for (const sel of selectors) {
      for (const part of selected(sel)) {
        if (seen.has(part)) continue;
        seen.add(part);
        rules.push(...rulesOf(part));
      }
    }
    resolving.delete(cr);
    effective.set(cr, rules);
    return rules;
  };

  const namespaced = index.ofKind("Role");
  // Sized up front: pushing ten thousand items grows (and copies) the list a dozen times.
  const roles = new Array<ResolvedRole>(clusterRoles.length + namespaced.length);
  const roleByKey = new RolesByName();
  for (let i = 0; i < clusterRoles.length; i++) {
    const cr = clusterRoles[i]!;
    const aggregated = Boolean((cr["aggregationRule"] as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors?.length);
    const rules = rulesOf(cr);
    const role = new Role(cr, "ClusterRole", undefined, rules, ruleSets.of(rules), aggregated, isBuiltIn(cr), false);
    roles[i] = role;
    roleByKey.set(role);
  }
  for (let i = 0; i < namespaced.length; i++) {
    const r = namespaced[i]!;
    const rules = asRules(r["rules"]);
    const role = new Role(r, "Role", r.metadata.namespace ?? "default", rules, ruleSets.of(rules), false, isBuiltIn(r), false);
    roles[clusterRoles.length + i] = role;
    roleByKey.set(role);
  }

  const lookupRole = (ref: RoleRef, bindingNs: string | undefined): ResolvedRole | undefined => {
    if (ref.kind === "Role") return roleByKey.get("Role", bindingNs, ref.name);
    if (ref.kind !== "ClusterRole") return undefined;
    const found = roleByKey.get("ClusterRole", undefined, ref.name);
    if (found) return found;
    const defaults = DEFAULT_CLUSTER_ROLES[ref.name];
    if (!defaults) return undefined;
    const object: KubeObject = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: ref.name } };
    const assumed = new Role(object, "ClusterRole", undefined, defaults, ruleSets.of(defaults), false, true, true);
    roleByKey.set(assumed);
    return assumed;
  };

  const resolveBinding = (b: KubeObject, kind: ResolvedBinding["kind"]): ResolvedBinding => {
    const namespace = kind === "RoleBinding" ? (b.metadata.namespace ?? "default") : undefined;
    const roleRef = (b["roleRef"] as RoleRef | undefined) ?? { kind: "", name: "" };
    const subjects = subjectsOf(b, namespace);
    const role = lookupRole(roleRef, namespace);
    return new Binding(b, kind, namespace, roleRef, role, subjects, exposedOf(subjects), isBuiltIn(b));
  };
  const clusterBindings = index.ofKind("ClusterRoleBinding");
  const roleBindings = index.ofKind("RoleBinding");
  const bindings = new Array<ResolvedBinding>(clusterBindings.length + roleBindings.length);
  for (let i = 0; i < clusterBindings.length; i++) bindings[i] = resolveBinding(clusterBindings[i]!, "ClusterRoleBinding");
  for (let i = 0; i < roleBindings.length; i++) bindings[clusterBindings.length + i] = resolveBinding(roleBindings[i]!, "RoleBinding");

  // Lookups few audits make (the Dashboard checks), built on first use.
  const byRole = lazy(() => {
    const m = new Map<ResolvedRole, ResolvedBinding[]>();
    for (const b of bindings) if (b.role) pushTo(m, b.role, b);
    return m;
  });
  const bySa = lazy(() => {
    const m = new Map<string, ResolvedBinding[]>();
    for (const b of bindings) {
      for (const s of b.subjects) if (s.kind === "ServiceAccount") pushTo(m, `${s.namespace ?? "default"}/${s.name}`, b);
    }
    return m;
  });
  return {
    roles,
    bindings,
    bindingsOf: (role) => byRole().get(role) ?? [],
    bindingsForServiceAccount: (namespace, name) => bySa().get(`${namespace}/${name}`) ?? [],
  };
}

export const rbacIndex = memoizeBy(buildIndex);
