// Who may do what, from the config's roles: Slack user ids and user groups. Asked
// at every command and again at every button click, so group membership is cached
// per group (usergroups.users.list is Tier 2, about 20 calls a minute) and
// refreshed when it is older than the TTL. When Slack does not answer, a member
// list we already had is still used; without one the user is refused with a
// reason that says why, never let through on a guess.
import { NotAllowedError } from "../core/errors.js";
import type { GroupDirectory } from "../ports/notifier.js";

export type Role = "viewer" | "operator" | "approver";

export interface RoleMembers {
  users: readonly string[];
  groups: readonly string[];
}

export interface RolesConfig {
  viewers: RoleMembers;
  operators: RoleMembers;
  approvers: RoleMembers;
}

/** Refused for want of a role. `unresolvedGroups` lists groups that might have granted it but could not be read. */
export class RoleRequiredError extends NotAllowedError {
  constructor(
    readonly requiredRole: Role,
    readonly unresolvedGroups: readonly string[] = [],
  ) {
    super(
      unresolvedGroups.length > 0
        ? `could not check your membership of user group ${unresolvedGroups.join(", ")} (Slack did not answer), so the ${requiredRole} role could not be confirmed; nothing was done. Try again in a minute.`
        : `this takes the ${requiredRole} role`,
    );
  }
}

export interface Authorizer {
  /** Effective roles: operators and approvers are viewers too. */
  rolesOf(userId: string): Promise<ReadonlySet<Role>>;
  /** Throws RoleRequiredError (a NotAllowedError) when the user does not hold `role`. */
  require(userId: string, role: Role): Promise<void>;
  /** Forgets cached members (all groups, or one), e.g. on Slack's subteam_members_changed event. */
  invalidate(groupId?: string): void;
}

export interface AuthorizerOptions {
  roles: RolesConfig;
  directory: GroupDirectory;
  ttlMs?: number;
  clock: () => Date;
}

/** Which config lists grant each role. */
const GRANTED_BY: Record<Role, readonly (keyof RolesConfig)[]> = {
  viewer: ["viewers", "operators", "approvers"],
  operator: ["operators"],
  approver: ["approvers"],
};

const ROLES: readonly Role[] = ["viewer", "operator", "approver"];

interface CachedGroup {
  members: ReadonlySet<string>;
  fetchedAt: number;
}

export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const { roles, directory, clock } = options;
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const cache = new Map<string, CachedGroup>();
  // One call per group at a time: a burst of clicks must not become a burst of Tier 2 calls.
  const inflight = new Map<string, Promise<ReadonlySet<string> | undefined>>();

  async function fetchGroup(groupId: string): Promise<ReadonlySet<string> | undefined> {
    const cached = cache.get(groupId);
    try {
      const members = new Set(await directory.membersOf(groupId));
      cache.set(groupId, { members, fetchedAt: clock().getTime() });
      return members;
    } catch {
      return cached?.members;
    }
  }

  /** Members of the group, or undefined when they are unknown (directory down and nothing cached). */
  function membersOf(groupId: string): Promise<ReadonlySet<string> | undefined> {
    const cached = cache.get(groupId);
    if (cached && clock().getTime() - cached.fetchedAt < ttlMs) return Promise.resolve(cached.members);
    let pending = inflight.get(groupId);
    if (!pending) {
      pending = fetchGroup(groupId).finally(() => inflight.delete(groupId));
      inflight.set(groupId, pending);
    }
    return pending;
  }

  // Per role, the user ids and groups that grant it, gathered once: every command asks.
  const grants = new Map(
    ROLES.map((role) => {
      const lists = GRANTED_BY[role].map((k) => roles[k]);
      return [role, { users: new Set(lists.flatMap((l) => l.users)), groups: [...new Set(lists.flatMap((l) => l.groups))] }] as const;
    }),
  );
  const HELD = Object.freeze({ held: true, unresolved: Object.freeze([]) as readonly string[] });

  /** Whether the user holds the role, and which groups could not be read on the way. */
  async function check(userId: string, role: Role): Promise<{ held: boolean; unresolved: readonly string[] }> {
    const { users, groups } = grants.get(role)!;
    // User ids first: no directory call at all for people listed by id.
    if (users.has(userId)) return HELD;
    const unresolved: string[] = [];
    for (const g of groups) {
      const members = await membersOf(g);
      if (members === undefined) unresolved.push(g);
      else if (members.has(userId)) return HELD;
    }
    return { held: false, unresolved };
  }

  return {
    async rolesOf(userId) {
      const held = new Set<Role>();
      for (const role of ROLES) if ((await check(userId, role)).held) held.add(role);
      return held;
    },
    async require(userId, role) {
      const { held, unresolved } = await check(userId, role);
      if (!held) throw new RoleRequiredError(role, unresolved);
    },
    invalidate(groupId) {
      if (groupId === undefined) cache.clear();
      else cache.delete(groupId);
    },
  };
}
