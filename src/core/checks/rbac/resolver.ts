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
import { memoizeBy } from "../../memo.js";
import { pushTo } from "../../collections.js";

export const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

export interface ResolvedRole {
  object: KubeObject;
  kind: "Role" | "ClusterRole";
  name: string;
  namespace?: string;
  /** Own rules plus, for aggregated ClusterRoles, the rules of every ClusterRole the selectors pick. */
  rules: PolicyRule[];
  aggregated: boolean;
  builtIn: boolean;
  /** Not in the input: a well-known default role stood in for by its shipped rules. */
  assumed: boolean;
  /** `rbacRef(object)`, made once: a dozen checks report on every role. */
  ref: ResourceRef;
  /** The ref's share of a fingerprint, hashed while the ref is new. */
  refSeed: RefSeed;
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
  /** `rbacRef(object)`, made once: a dozen checks report on every binding. */
  ref: ResourceRef;
  /** The ref's share of a fingerprint, hashed while the ref is new. */
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

/** What a template string makes of a name (hand-written manifests hold numbers). */
const asText = (value: unknown): string => (typeof value === "string" ? value : `${value}`);

/**
 * Roles by kind, namespace ("" for none) and name, compared as text: nested maps
 * rather than one key string per role and per lookup.
 */
class RolesByName {
  private readonly byKind = new Map<string, Map<string, Map<string, ResolvedRole>>>();

  get(kind: string, ns: string | undefined, name: unknown): ResolvedRole | undefined {
    return this.byKind.get(kind)?.get(asText(ns ?? ""))?.get(asText(name));
  }

  set(role: ResolvedRole): void {
    let byNs = this.byKind.get(role.kind);
    if (!byNs) this.byKind.set(role.kind, (byNs = new Map()));
    const ns = asText(role.namespace ?? "");
    let byName = byNs.get(ns);
    if (!byName) byNs.set(ns, (byName = new Map()));
    byName.set(asText(role.name), role);
  }
}

function asRules(x: unknown): PolicyRule[] {
  return Array.isArray(x) ? (x.filter((r) => typeof r === "object" && r !== null) as PolicyRule[]) : [];
}

function buildIndex(index: SnapshotIndex): RbacIndex {
  const clusterRoles = index.ofKind("ClusterRole");
  // label "k=v" -> ClusterRoles carrying it, so aggregation selectors need no full scan
  const byLabel = new Map<string, KubeObject[]>();
  for (const cr of clusterRoles) {
    for (const [k, v] of Object.entries(cr.metadata.labels ?? {})) {
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

  const roles: ResolvedRole[] = [];
  const roleByKey = new RolesByName();
  const addRole = (role: ResolvedRole) => {
    roles.push(role);
    roleByKey.set(role);
  };
  for (const cr of clusterRoles) {
    const aggregated = Boolean((cr["aggregationRule"] as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors?.length);
    const own = sharedRef(cr);
    addRole({
      object: cr,
      kind: "ClusterRole",
      name: cr.metadata.name,
      rules: rulesOf(cr),
      aggregated,
      builtIn: isBuiltIn(cr),
      assumed: false,
      ref: own,
      refSeed: refSeed(own),
    });
  }
  for (const r of index.ofKind("Role")) {
    const own = sharedRef(r);
    addRole({
      object: r,
      kind: "Role",
      name: r.metadata.name,
      namespace: r.metadata.namespace ?? "default",
      rules: asRules(r["rules"]),
      aggregated: false,
      builtIn: isBuiltIn(r),
      assumed: false,
      ref: own,
      refSeed: refSeed(own),
    });
  }

  const lookupRole = (ref: RoleRef, bindingNs: string | undefined): ResolvedRole | undefined => {
    if (ref.kind === "Role") return roleByKey.get("Role", bindingNs, ref.name);
    if (ref.kind !== "ClusterRole") return undefined;
    const found = roleByKey.get("ClusterRole", undefined, ref.name);
    if (found) return found;
    const defaults = DEFAULT_CLUSTER_ROLES[ref.name];
    if (!defaults) return undefined;
    const object: KubeObject = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: ref.name } };
    const own = sharedRef(object);
    const assumed: ResolvedRole = {
      object,
      kind: "ClusterRole",
      name: ref.name,
      rules: defaults,
      aggregated: false,
      builtIn: true,
      assumed: true,
      ref: own,
      refSeed: refSeed(own),
    };
    roleByKey.set(assumed);
    return assumed;
  };

  const bindings: ResolvedBinding[] = [];
  const byRole = new Map<ResolvedRole, ResolvedBinding[]>();
  const bySa = new Map<string, ResolvedBinding[]>();
  for (const kind of ["ClusterRoleBinding", "RoleBinding"] as const) {
    for (const b of index.ofKind(kind)) {
      const namespace = kind === "RoleBinding" ? (b.metadata.namespace ?? "default") : undefined;
      const roleRef = (b["roleRef"] as RoleRef | undefined) ?? { kind: "", name: "" };
      const subjects = ((b["subjects"] as Subject[] | undefined) ?? [])
        .filter((s) => s && typeof s.name === "string")
        .map((s) => (s.kind === "ServiceAccount" && !s.namespace && namespace ? { ...s, namespace } : s));
      const role = lookupRole(roleRef, namespace);
      const own = sharedRef(b);
      const resolved: ResolvedBinding = {
        object: b,
        kind,
        name: b.metadata.name,
        roleRef,
        subjects,
        exposedSubjects: subjects.filter((s) => !isSystemSubject(s)),
        builtIn: isBuiltIn(b),
        ref: own,
        refSeed: refSeed(own),
      };
      if (namespace) resolved.namespace = namespace;
      if (role) resolved.role = role;
      bindings.push(resolved);
      if (role) {
        pushTo(byRole, role, resolved);
      }
      for (const s of subjects) {
        if (s.kind !== "ServiceAccount") continue;
        const key = `${s.namespace ?? "default"}/${s.name}`;
        pushTo(bySa, key, resolved);
      }
    }
  }

  return {
    roles,
    bindings,
    bindingsOf: (role) => byRole.get(role) ?? [],
    bindingsForServiceAccount: (namespace, name) => bySa.get(`${namespace}/${name}`) ?? [],
  };
}

/**
 * The same text for roles with the same rules, so that what depends on the
 * rules alone is judged once per audit for thousands of copies of one template;
 * undefined when the rules cannot be written as JSON (a cycle through YAML aliases).
 */
export const rulesKey = memoizeBy((role: ResolvedRole): string | undefined => {
  try {
    return JSON.stringify(role.rules);
  } catch {
    return undefined;
  }
});

export const rbacIndex = memoizeBy(buildIndex);
