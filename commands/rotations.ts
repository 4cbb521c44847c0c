// `/harden rotations <env>`: which Secrets are due for rotation. It reads the
// rotation records that the secret-rotation issue adds; until then it says so.
import { environmentOnly } from "./args.js";
import { defineCommand } from "./define.js";
import { notAvailable } from "./reply.js";

export const rotationsCommand = defineCommand<string>({
  verb: "rotations",
  usage: "rotations <env>",
  description: "Secrets due for rotation, and the last rotations.",
  role: "viewer",
  parse: environmentOnly("rotations"),
  async execute(environment) {
    return notAvailable("Secret rotation reports", environment);
  },
});
