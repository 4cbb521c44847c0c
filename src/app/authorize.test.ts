import { describe, expect, it } from "vitest";
import { FakeDirectory, fakeClock } from "../../test/support/fakes.js";
import { NotAllowedError } from "../core/errors.js";
import { RoleRequiredError, createAuthorizer, type RolesConfig } from "./authorize.js";

const roles: RolesConfig = {
  viewers: { users: ["U0VIEW"], groups: ["S0READERS"] },
  operators: { users: ["U0OPS"], groups: ["S0OPS"] },
  approvers: { users: ["U0APPROVE"], groups: ["S0LEADS"] },
};

function setup(groups: Record<string, string[]> = { S0READERS: ["U0READER"], S0OPS: ["U0GROUPOPS"], S0LEADS: ["U0LEAD"] }) {
  const directory = new FakeDirectory(groups);
  const clock = fakeClock();
  const authorizer = createAuthorizer({ roles, directory, clock, ttlMs: 5 * 60_000 });
  return { directory, clock, authorizer };
}

describe("roles", () => {
  it("when users are listed by id, then operators and approvers are viewers too but not each other", async () => {
    const { authorizer } = setup();
    expect([...(await authorizer.rolesOf("U0VIEW"))]).toEqual(["viewer"]);
    expect([...(await authorizer.rolesOf("U0OPS"))]).toEqual(["viewer", "operator"]);
    expect([...(await authorizer.rolesOf("U0APPROVE"))]).toEqual(["viewer", "approver"]);
    expect([...(await authorizer.rolesOf("U0STRANGER"))]).toEqual([]);
  });

  it("when users are members of a configured group, then they hold that group's role", async () => {
    const { authorizer } = setup();
    expect([...(await authorizer.rolesOf("U0READER"))]).toEqual(["viewer"]);
    expect([...(await authorizer.rolesOf("U0GROUPOPS"))]).toEqual(["viewer", "operator"]);
    expect([...(await authorizer.rolesOf("U0LEAD"))]).toEqual(["viewer", "approver"]);
  });

  it("when a user lacks the role, then require throws a NotAllowedError naming the role", async () => {
    const { authorizer } = setup();
    const err = await authorizer.require("U0OPS", "approver").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAllowedError);
    expect(err).toBeInstanceOf(RoleRequiredError);
    expect((err as RoleRequiredError).requiredRole).toBe("approver");
    await expect(authorizer.require("U0OPS", "operator")).resolves.toBeUndefined();
  });

  it("when a user is listed by id, then no directory call is made", async () => {
    const { authorizer, directory } = setup();
    await authorizer.require("U0OPS", "viewer");
    expect(directory.calls).toEqual([]);
  });
});

describe("group cache", () => {
  it("when the same group is checked within the TTL, then the directory is asked once", async () => {
    const { authorizer, directory, clock } = setup();
    await authorizer.require("U0GROUPOPS", "operator");
    clock.advance(4 * 60_000);
    await authorizer.require("U0GROUPOPS", "operator");
    expect(directory.calls.filter((g) => g === "S0OPS")).toHaveLength(1);
  });

  it("when the TTL has passed, then the members are fetched again and a removed member loses the role", async () => {
    const { authorizer, directory, clock } = setup();
    await authorizer.require("U0GROUPOPS", "operator");
    directory.groups["S0OPS"] = [];
    clock.advance(5 * 60_000 + 1);
    await expect(authorizer.require("U0GROUPOPS", "operator")).rejects.toBeInstanceOf(RoleRequiredError);
    expect(directory.calls.filter((g) => g === "S0OPS")).toHaveLength(2);
  });

  it("when many checks arrive at once, then one directory call serves them all", async () => {
    const { authorizer, directory } = setup();
    await Promise.all(Array.from({ length: 10 }, () => authorizer.require("U0GROUPOPS", "operator")));
    expect(directory.calls.filter((g) => g === "S0OPS")).toHaveLength(1);
  });

  it("when the directory fails after the TTL, then the cached members are still used", async () => {
    const { authorizer, directory, clock } = setup();
    await authorizer.require("U0GROUPOPS", "operator");
    directory.failing = true;
    clock.advance(10 * 60_000);
    await expect(authorizer.require("U0GROUPOPS", "operator")).resolves.toBeUndefined();
  });

  it("when the directory fails and nothing is cached, then the user is refused with the unreadable group named", async () => {
    const { authorizer, directory } = setup();
    directory.failing = true;
    const err = (await authorizer.require("U0GROUPOPS", "operator").catch((e: unknown) => e)) as RoleRequiredError;
    expect(err).toBeInstanceOf(RoleRequiredError);
    expect(err.unresolvedGroups).toEqual(["S0OPS"]);
    expect(err.message).toContain("could not check your membership of user group S0OPS");
  });

  it("when the directory fails but the user holds the role by id, then the user is allowed", async () => {
    const { authorizer, directory } = setup();
    directory.failing = true;
    await expect(authorizer.require("U0OPS", "operator")).resolves.toBeUndefined();
  });

  it("when a group is invalidated, then the next check asks the directory again", async () => {
    const { authorizer, directory } = setup();
    await authorizer.require("U0GROUPOPS", "operator");
    directory.groups["S0OPS"] = [];
    authorizer.invalidate("S0OPS");
    await expect(authorizer.require("U0GROUPOPS", "operator")).rejects.toBeInstanceOf(RoleRequiredError);
  });
});
