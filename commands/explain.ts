// `/harden explain <check-id>`: the check's own prose, how to fix it, peer ids.
import { closest } from "../src/core/text/closest.js";
import { renderExplain } from "../src/slack/renderers/explain.js";
import { commandLine } from "./args.js";
import { UsageError, defineCommand, fail, ok } from "./define.js";

export const explainCommand = defineCommand<string>({
  verb: "explain",
  usage: "explain <check-id>",
  description: "What a check looks for, why it matters and how to fix it.",
  role: "viewer",
  parse(args) {
    if (args.length !== 1 || args[0] === undefined) return fail("explain takes one check id");
    return ok(args[0]);
  },
  async execute(id, _ctx, deps) {
    const check = deps.checks.find((c) => c.id === id);
    if (!check) {
      const near = closest(id, deps.checks.map((c) => c.id));
      throw new UsageError(`unknown check "${id}"`, near ? commandLine("explain", [near]) : undefined);
    }
    return { reply: renderExplain(check), trail: { outcome: "ok", target: id } };
  },
});
