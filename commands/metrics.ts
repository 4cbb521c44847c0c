// `/harden metrics <env> [pack]`: evaluate a threshold pack against the
// environment's Prometheus. The metrics job comes with the metrics issue.
import { renderJobQueued } from "../src/slack/renderers/job.js";
import { parseEnvironment } from "./args.js";
import { defineCommand, fail, ok } from "./define.js";
import { coalescedReply, enqueueJob, notAvailable, resultChannel } from "./reply.js";

export interface MetricsArgs {
  environment: string;
  pack?: string;
}

const PACK = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const metricsCommand = defineCommand<MetricsArgs>({
  verb: "metrics",
  usage: "metrics <env> [pack]",
  description: "Check the environment's metrics against a threshold pack (all packs unless you name one).",
  role: "viewer",
  parse(args, ctx) {
    const env = parseEnvironment("metrics", args, 0, ctx);
    if (!env.ok) return env;
    if (args.length > 2) return fail("metrics takes the environment and at most one pack");
    const pack = args[1];
    if (pack !== undefined && !PACK.test(pack)) return fail(`"${pack}" is not a pack name`);
    return ok({ environment: env.value, ...(pack !== undefined ? { pack } : {}) });
  },
  async execute(a, ctx, deps) {
    const channel = resultChannel(deps.config, a.environment, ctx.channelId);
    const queued = await enqueueJob(deps, "metrics", { ...a, channel, requestedBy: ctx.userId }, ctx.userId);
    if (!queued.available) return notAvailable("Metric checks", a.environment);
    const { jobId, coalesced } = queued.result;
    const trail = { outcome: "queued" as const, environment: a.environment, ...(a.pack ? { target: a.pack } : {}), details: { jobId, coalesced, channel } };
    if (coalesced) return { reply: coalescedReply(`The same metrics check of ${a.environment}`, jobId, channel, ctx.channelId), trail };
    return {
      reply: renderJobQueued({ kind: "metrics", environment: a.environment, ...(a.pack ? { target: a.pack } : {}), ...(channel !== ctx.channelId ? { channel } : {}) }),
      trail,
    };
  },
});
