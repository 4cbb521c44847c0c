// `/harden digest <env>`: send the environment's digest now instead of waiting for its schedule.
import { environmentOnly } from "./args.js";
import { defineCommand } from "./define.js";
import { queueJob } from "./reply.js";

export const digestCommand = defineCommand<string>({
  verb: "digest",
  usage: "digest <env>",
  description: "Send the environment's digest now: score trend, new and fixed findings, pending approvals, expiring waivers.",
  role: "viewer",
  parse: environmentOnly("digest"),
  async execute(environment, ctx, deps) {
    return queueJob(deps, ctx, { kind: "digest", environment, payload: { environment }, feature: "Digests", sameJob: `The digest of ${environment}` });
  },
});
