// `/harden audit <env> [ns=NS] [check=ID]`: queue an audit; the job posts the result.
import { closest } from "../src/core/text/closest.js";
import { commandLine, isNamespaceName, parseEnvironment, parseOptions } from "./args.js";
import { UsageError, defineCommand, fail, ok } from "./define.js";
import { queueJob } from "./reply.js";

export type AuditArgs = {
  environment: string;
  namespace?: string;
  checkIds?: string[];
};

const CHECK_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const OPTIONS = ["ns", "check"] as const;

/** What the trail and the card say the audit is limited to: "ns=web check=a,b", or nothing. */
function targetOf(a: AuditArgs): string | undefined {
  const ns = a.namespace ? `ns=${a.namespace}` : "";
  const checks = a.checkIds ? `check=${a.checkIds.join(",")}` : "";
  return ns && checks ? `${ns} ${checks}` : ns || checks || undefined;
}

export const auditCommand = defineCommand<AuditArgs>({
  verb: "audit",
  usage: "audit <env> [ns=NS] [check=ID]",
  description: "Audit an environment now (one namespace, or some checks, if you say so). The result is posted in the environment's channel.",
  role: "viewer",
  parse(args, ctx) {
    const env = parseEnvironment("audit", args, 0, ctx);
    if (!env.ok) return env;
    const opts = parseOptions(args.slice(1), OPTIONS);
    if (!opts.ok) return opts;
    const value: AuditArgs = { environment: env.value };
    const ns = opts.value.get("ns");
    if (ns !== undefined) {
      if (ns.length > 1) return fail("give ns= once");
      if (!isNamespaceName(ns[0]!)) return fail(`"${ns[0]}" is not a namespace name`);
      value.namespace = ns[0]!;
    }
    const checks = opts.value.get("check");
    if (checks !== undefined) {
      const checkIds = [...new Set(checks.flatMap((c) => c.split(",")).filter((c) => c !== ""))];
      const bad = checkIds.find((c) => !CHECK_ID.test(c));
      if (bad !== undefined) return fail(`"${bad}" is not a check id`);
      if (checkIds.length > 0) value.checkIds = checkIds;
    }
    return ok(value);
  },
  async execute(a, ctx, deps) {
    // Only an audit that names checks needs the catalogue's ids; a plain audit skips the walk.
    if (a.checkIds) {
      const known = deps.checks.map((c) => c.id);
      for (const id of a.checkIds) {
        if (known.includes(id)) continue;
        const near = closest(id, known);
        const args = [a.environment, ...(a.namespace ? [`ns=${a.namespace}`] : []), ...a.checkIds.map((c) => `check=${c === id && near ? near : c}`)];
        throw new UsageError(`unknown check "${id}"`, near ? commandLine("audit", args) : undefined);
      }
    }
    const target = targetOf(a);
    return queueJob(deps, ctx, {
      kind: "audit",
      environment: a.environment,
      target,
      // The parsed arguments are the payload: environment, and namespace and check ids when given.
      payload: a,
      feature: "Audits from Slack",
      sameJob: `The same audit of ${a.environment}${target ? ` (${target})` : ""}`,
    });
  },
});
