// RBAC rule matching with the authorizer's own semantics (`*` for verbs, groups
// and resources, `*/sub` for any resource's subresource), plus the one extension
// peers apply: `pods/*` is read as "every pods subresource", because that is
// what its author meant even though the authorizer matches it literally.
import type { PolicyRule, Subject } from "../../snapshot/k8s-types.js";
import type { KubeObject } from "../../snapshot/types.js";

/** One permission asked of a role: any of these verbs on any of these resources in any of these groups. */
export interface Permission {
  verbs: readonly string[];
  groups: readonly string[];
  resources: readonly string[];
  /** Count rules limited by `resourceNames` as granting it (exec into one named pod still is exec). */
  countNamedResources?: boolean;
}

export interface GrantMatch {
  rule: PolicyRule;
  verb: string;
  resource: string;
  group: string;
}

function resourceMatches(ruleResource: string, wanted: string): boolean {
  if (ruleResource === "*" || ruleResource === wanted) return true;
  const slash = wanted.indexOf("/");
  if (slash < 0) return false;
  const base = wanted.slice(0, slash);
  const sub = wanted.slice(slash + 1);
  return ruleResource === `*/${sub}` || ruleResource === `${base}/*`;
}

// Plain indexed loops for lists, as manifests give them: rules are judged once
// per rule set and check, mostly before V8 optimises this, and a for-of would
// then allocate an iterator result per item. Anything else takes the original
// path, so a rule written with a string where a list belongs fails exactly as
// it always did.
function includesOrStar(list: readonly string[] | undefined, value: string): boolean {
  if (!Array.isArray(list)) return (list ?? []).some((v) => v === "*" || v === value);
  for (let i = 0; i < list.length; i++) if (list[i] === "*" || list[i] === value) return true;
  return false;
}

function anyResourceMatches(ruleResources: readonly string[], wanted: string): boolean {
  if (!Array.isArray(ruleResources)) return ruleResources.some((r) => resourceMatches(r, wanted));
  for (let i = 0; i < ruleResources.length; i++) if (resourceMatches(ruleResources[i]!, wanted)) return true;
  return false;
}

/** The first rule (and the verb/resource/group it matched on) that grants the permission. */
export function findGrant(rules: readonly PolicyRule[], permission: Permission): GrantMatch | undefined {
  const { groups, resources, verbs } = permission;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    if (!rule.resources?.length) continue; // nonResourceURL rules grant no API resources
    if (!permission.countNamedResources && (rule.resourceNames ?? []).length > 0) continue;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      if (!includesOrStar(rule.apiGroups, group)) continue;
      for (let s = 0; s < resources.length; s++) {
        const resource = resources[s]!;
        if (!anyResourceMatches(rule.resources, resource)) continue;
        for (let v = 0; v < verbs.length; v++) {
          const verb = verbs[v]!;
          if (includesOrStar(rule.verbs, verb)) return { rule, verb, resource, group };
        }
      }
    }
  }
  return undefined;
}

export function describeRule(rule: PolicyRule): string {
  const list = (xs: string[] | undefined) => `[${(xs ?? []).map((x) => (x === "" ? '""' : x)).join(",")}]`;
  const named = rule.resourceNames?.length ? ` resourceNames ${list(rule.resourceNames)}` : "";
  return `apiGroups ${list(rule.apiGroups)} resources ${list(rule.resources)} verbs ${list(rule.verbs)}${named}`;
}

const WRITE_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"];

/**
 * Full control over every resource of all groups (or of the whole core group):
 * `*` resources with `*` verbs or every read/write verb. Polaris and kubescape
 * both call this "cluster-admin equivalent".
 */
export function wildcardAdminRule(rules: readonly PolicyRule[]): PolicyRule | undefined {
  return rules.find((r) => {
    if ((r.resourceNames ?? []).length > 0) return false;
    const groups = r.apiGroups ?? [];
    if (!groups.includes("*") && !groups.includes("")) return false;
    if (!(r.resources ?? []).includes("*")) return false;
    const verbs = r.verbs ?? [];
    return verbs.includes("*") || WRITE_VERBS.every((v) => verbs.includes(v));
  });
}

const RBAC_GROUP = ["rbac.authorization.k8s.io"];
const CHANGE = ["create", "update", "patch"];

/**
 * Ways a role can hand itself any permission, which makes it as strong as the
 * strongest role in its scope: bind any role plus write bindings, escalate plus
 * write roles, or impersonate users or groups (system:masters is a group).
 */
export function selfEscalationPath(rules: readonly PolicyRule[]): string | undefined {
  const bindAny = findGrant(rules, { verbs: ["bind"], groups: RBAC_GROUP, resources: ["clusterroles", "roles"] });
  const writeBindings = findGrant(rules, { verbs: CHANGE, groups: RBAC_GROUP, resources: ["clusterrolebindings", "rolebindings"] });
  if (bindAny && writeBindings)
    return `can bind any role (${bindAny.resource}) and ${writeBindings.verb} ${writeBindings.resource}, so it can grant itself anything`;
  const escalate = findGrant(rules, { verbs: ["escalate"], groups: RBAC_GROUP, resources: ["clusterroles", "roles"] });
  const writeRoles = findGrant(rules, { verbs: CHANGE, groups: RBAC_GROUP, resources: ["clusterroles", "roles"] });
  if (escalate && writeRoles)
    return `can escalate and ${writeRoles.verb} ${writeRoles.resource}, so it can add any permission to a role it holds`;
  const impersonate = findGrant(rules, { verbs: ["impersonate"], groups: [""], resources: ["groups", "users"] });
  if (impersonate) return `can impersonate any ${impersonate.resource === "groups" ? "group (system:masters included)" : "user"}`;
  return undefined;
}

// Subjects whose system: names stand for the whole world, never for a component.
const BROAD_GROUPS = new Set(["system:authenticated", "system:unauthenticated", "system:serviceaccounts"]);
export const ANONYMOUS_SUBJECTS = new Set(["system:anonymous", "system:unauthenticated"]);

export function isBroadSubject(s: Subject): boolean {
  if (s.kind === "Group") return BROAD_GROUPS.has(s.name) || s.name.startsWith("system:serviceaccounts:");
  if (s.kind === "User") return s.name === "system:anonymous";
  return false;
}

// Since 1.29 kubeadm writes admin.conf for this group instead of system:masters,
// and binds it to cluster-admin itself: the cluster's break-glass identity.
const KUBEADM_ADMIN_GROUP = "kubeadm:cluster-admins";

/**
 * Kubernetes' own identities (system:masters, system:kube-scheduler, system:nodes...),
 * and kubeadm's admin group: allowed to be powerful.
 */
export function isSystemSubject(s: Subject): boolean {
  if (s.kind === "Group" && s.name === KUBEADM_ADMIN_GROUP) return true;
  return (s.kind === "User" || s.kind === "Group") && s.name.startsWith("system:") && !isBroadSubject(s);
}

export function subjectText(s: Subject): string {
  if (s.kind === "ServiceAccount") return `ServiceAccount ${s.namespace ?? "?"}/${s.name}`;
  return `${s.kind} ${s.name}`;
}

const DEFAULT_ROLE_NAMES = new Set(["cluster-admin", "admin", "edit", "view"]);

/** Roles and bindings Kubernetes ships and reconciles: reported by peers as noise, so skipped. */
export function isBuiltIn(obj: KubeObject): boolean {
  const name = obj.metadata.name;
  if (name.startsWith("system:")) return true;
  if (obj.metadata.labels?.["kubernetes.io/bootstrapping"] === "rbac-defaults") return true;
  if (obj.kind === "ClusterRoleBinding") return name === "cluster-admin";
  return obj.kind === "ClusterRole" && DEFAULT_ROLE_NAMES.has(name);
}

export function grantText(m: GrantMatch): string {
  return `${m.verb} on ${m.resource} (rule ${describeRule(m.rule)})`;
}

/** The first permission of the list that the rules grant, described for a message. */
export function firstGrant(rules: readonly PolicyRule[], permissions: readonly Permission[]): string | undefined {
  for (let i = 0; i < permissions.length; i++) {
    const m = findGrant(rules, permissions[i]!);
    if (m) return grantText(m);
  }
  return undefined;
}
