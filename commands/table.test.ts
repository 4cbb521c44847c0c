import { describe, expect, it } from "vitest";
import { defineCommand, ok, type AnyCommand } from "./define.js";
import { COMMANDS, createCommandTable } from "./table.js";

const stub = (verb: string): AnyCommand =>
  defineCommand<null>({
    verb,
    usage: verb,
    description: `the ${verb} stub`,
    role: "viewer",
    parse: () => ok(null),
    execute: async () => ({ reply: { text: verb } }),
  });

describe("command table", () => {
  it("when two definitions share a verb, then building the table fails", () => {
    expect(() => createCommandTable([stub("audit"), stub("diff"), stub("audit")])).toThrow('two commands define the verb "audit"');
  });

  it("when a word is both a verb and a group of sub-verbs, then building the table fails", () => {
    expect(() => createCommandTable([stub("schedule"), stub("schedule add")])).toThrow('"schedule" is both a verb and a group');
  });

  it("when a verb is not kebab words, then defining it fails", () => {
    expect(() => stub("Audit")).toThrow("lower-case");
    expect(() => stub("a b c")).toThrow("lower-case");
  });

  it("when the harden table is built, then it holds exactly the documented verbs", () => {
    expect(COMMANDS.commands.map((c) => c.verb).sort()).toEqual(
      [
        "audit",
        "diff",
        "digest",
        "explain",
        "help",
        "history",
        "metrics",
        "rotate",
        "rotations",
        "scan",
        "schedule add",
        "schedule list",
        "schedule remove",
        "waive",
      ].sort(),
    );
  });

  it("when tokens start with a group word, then the sub-verb picks the definition and the rest are its arguments", () => {
    const r = COMMANDS.route(["schedule", "remove", "nightly"]);
    expect(r?.command.verb).toBe("schedule remove");
    expect(r?.args).toEqual(["nightly"]);
    expect(COMMANDS.route(["schedule", "frobnicate"])).toBeUndefined();
    expect(COMMANDS.subverbs("schedule").sort()).toEqual(["add", "list", "remove"]);
  });

  it("when tokens start with a plain verb, then the other tokens are its arguments", () => {
    const r = COMMANDS.route(["audit", "prod", "ns=web"]);
    expect(r?.command.verb).toBe("audit");
    expect(r?.args).toEqual(["prod", "ns=web"]);
  });

  it("when the roles are read, then changes need the operator role and reads the viewer role", () => {
    const roleOf = Object.fromEntries(COMMANDS.commands.map((c) => [c.verb, c.role]));
    expect(roleOf).toMatchObject({
      audit: "viewer",
      scan: "viewer",
      metrics: "viewer",
      rotations: "viewer",
      rotate: "operator",
      waive: "operator",
      "schedule add": "operator",
      "schedule remove": "operator",
      help: "anyone",
    });
  });
});
