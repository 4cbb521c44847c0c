// `/harden audit <env> [ns=NS] [check=ID]`: queue an audit; the job posts the result.
import { closest } from "../src/core/text/closest.js";
import { commandLine, isNamespaceName, parseEnvironment, parseOptions } from "./args.js";
import { UsageError, defineCommand, fail, ok } from "./define.js";
import { queueJob } from "./reply.js";

export interface AuditArgs {
  environment: string;
  namespace?: string;
  checkIds?: string[];
}

const CHECK_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const auditCommand = defineCommand<AuditArgs>({
  verb: "audit",
  usage: "audit <env> [ns=NS] [check=ID]",
  description: "Audit an environment now (one namespace, or some checks, if you say so). The result is posted in the environment's channel.",
  role: "viewer",
  parse(args, ctx) {
    const env = parseEnvironment("audit", args, 0, ctx);
    if (!env.ok) return env;
    const opts = parseOptions(args.slice(1), ["ns", "check"]);
    if (!opts.ok) return opts;
    const ns = opts.value.get("ns") ?? [];
    if (ns.length > 1) return fail("give ns= once");
    if (ns[0] !== undefined && !isNamespaceName(ns[0])) return fail(`"${ns[0]}" is not a namespace name`);
    const checkIds = [...new Set((opts.value.get("check") ?? []).flatMap((c) => c.split(",")).filter((c) => c !== ""))];
    const bad = checkIds.find((c) => !CHECK_ID.test(c));
    if (bad !== undefined) return fail(`"${bad}" is not a check id`);
    return ok({ environment: env.value, ...(ns[0] !== undefined ? { namespace: ns[0] } : {}), ...(checkIds.length > 0 ? { checkIds } : {}) });
  },
  async execute(a, ctx, deps) {
    // Only an audit that names checks needs the catalogue's ids; a plain audit skips the walk.
    const known = a.checkIds ? deps.checks.map((c) => c.id) : [];
    for (const id of a.checkIds ?? []) {
      if (known.includes(id)) continue;
      const near = closest(id, known);
      const args = [a.environment, ...(a.namespace ? [`ns=${a.namespace}`] : []), ...(a.checkIds ?? []).map((c) => `check=${c === id && near ? near : c}`)];
      throw new UsageError(`unknown check "${id}"`, near ? commandLine("audit", args) : undefined);
    }
    const target = [a.namespace ? `ns=${a.namespace}` : "", a.checkIds ? `check=${a.checkIds.join(",")}` : ""].filter(Boolean).join(" ") || undefined;
    return queueJob(deps, ctx, {
      kind: "audit",
      environment: a.environment,
      target,
      payload: {
        environment: a.environment,
        ...(a.namespace !== undefined ? { namespace: a.namespace } : {}),
        ...(a.checkIds !== undefined ? { checkIds: a.checkIds } : {}),
      },
      feature: "Audits from Slack",
      sameJob: `The same audit of ${a.environment}${target ? ` (${target})` : ""}`,
    });
  },
});
