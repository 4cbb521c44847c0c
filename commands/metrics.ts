// `/harden metrics <env> [pack]`: evaluate a threshold pack against the
// environment's Prometheus. The metrics job comes with the metrics issue.
import { parseEnvironment } from "./args.js";
import { defineCommand, fail, ok } from "./define.js";
import { queueJob } from "./reply.js";

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
    return queueJob(deps, ctx, {
      kind: "metrics",
      environment: a.environment,
      target: a.pack,
      payload: { ...a },
      feature: "Metric checks",
      sameJob: `The same metrics check of ${a.environment}`,
    });
  },
});
