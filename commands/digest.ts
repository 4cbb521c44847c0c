// `/harden digest <env>`: send the environment's digest now instead of waiting for its schedule.
import { renderJobQueued } from "../src/slack/renderers/job.js";
import { parseEnvironment } from "./args.js";
import { defineCommand, fail } from "./define.js";
import { coalescedReply, enqueueJob, notAvailable, resultChannel } from "./reply.js";

export const digestCommand = defineCommand<string>({
  verb: "digest",
  usage: "digest <env>",
  description: "Send the environment's digest now: score trend, new and fixed findings, pending approvals, expiring waivers.",
  role: "viewer",
  parse(args, ctx) {
    if (args.length > 1) return fail("digest takes only the environment");
    return parseEnvironment("digest", args, 0, ctx);
  },
  async execute(environment, ctx, deps) {
    const channel = resultChannel(deps.config, environment, ctx.channelId);
    const queued = await enqueueJob(deps, "digest", { environment, channel, requestedBy: ctx.userId }, ctx.userId);
    if (!queued.available) return notAvailable("Digests", environment);
    const { jobId, coalesced } = queued.result;
    const trail = { outcome: "queued" as const, environment, details: { jobId, coalesced, channel } };
    if (coalesced) return { reply: coalescedReply(`The digest of ${environment}`, jobId, channel, ctx.channelId), trail };
    return { reply: renderJobQueued({ kind: "digest", environment, ...(channel !== ctx.channelId ? { channel } : {}) }), trail };
  },
});
