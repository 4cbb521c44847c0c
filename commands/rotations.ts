// `/harden rotations <env>`: which Secrets are due for rotation. It reads the
// rotation records that the secret-rotation issue adds; until then it says so.
import { parseEnvironment } from "./args.js";
import { defineCommand, fail } from "./define.js";
import { notAvailable } from "./reply.js";

export const rotationsCommand = defineCommand<string>({
  verb: "rotations",
  usage: "rotations <env>",
  description: "Secrets due for rotation, and the last rotations.",
  role: "viewer",
  parse(args, ctx) {
    if (args.length > 1) return fail("rotations takes only the environment");
    return parseEnvironment("rotations", args, 0, ctx);
  },
  async execute(environment) {
    return notAvailable("Secret rotation reports", environment);
  },
});
