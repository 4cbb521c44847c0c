// `/harden history <env> [N]`: the last N audit runs and their score trend.
import { renderHistory } from "../src/slack/renderers/history.js";
import { parseEnvironment } from "./args.js";
import { defineCommand, fail, ok } from "./define.js";

const MAX_RUNS = 50;

export interface HistoryArgs {
  environment: string;
  limit: number;
}

export const historyCommand = defineCommand<HistoryArgs>({
  verb: "history",
  usage: "history <env> [N]",
  description: `The last N audits (10 unless you say, at most ${MAX_RUNS}) with their scores and trend.`,
  role: "viewer",
  parse(args, ctx) {
    const env = parseEnvironment("history", args, 0, ctx);
    if (!env.ok) return env;
    if (args.length > 2) return fail("history takes the environment and a number of runs");
    const n = args[1];
    if (n === undefined) return ok({ environment: env.value, limit: 10 });
    if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > MAX_RUNS) return fail(`N must be a whole number from 1 to ${MAX_RUNS}`);
    return ok({ environment: env.value, limit: Number(n) });
  },
  async execute(a, _ctx, deps) {
    const runs = await deps.history.listRuns({ environment: a.environment, kind: "audit", limit: a.limit });
    return { reply: renderHistory(a.environment, runs.map((r) => ({ id: r.id, startedAt: r.startedAt, score: r.score, summary: r.summary }))) };
  },
});
