// `/harden help`: the commands the caller may run, and only those.
import { renderHelp } from "../src/slack/renderers/command-replies.js";
import { defineCommand, ok, type AnyCommand } from "./define.js";

/** Help lists the table it belongs to, so it is built with a way to read that table. */
export function createHelpCommand(commands: () => readonly AnyCommand[]) {
  return defineCommand<null>({
    verb: "help",
    usage: "help",
    description: "The commands you may run.",
    role: "anyone",
    parse() {
      return ok(null);
    },
    async execute(_v, ctx, deps) {
      const roles = await deps.authorizer.rolesOf(ctx.userId);
      const allowed = commands().filter((c) => c.role !== "anyone" && roles.has(c.role));
      return { reply: renderHelp(allowed.map((c) => ({ usage: `/harden ${c.usage}`, description: c.description }))) };
    },
  });
}
