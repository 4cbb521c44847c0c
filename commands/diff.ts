// `/harden diff <env>`: what changed between the last two recorded audits.
import { diffRuns } from "../src/app/run-audit.js";
import { renderDiff } from "../src/slack/renderers/history.js";
import { code } from "../src/slack/renderers/format.js";
import { escapeMrkdwn, finishMessage } from "../src/slack/renderers/limits.js";
import { section } from "../src/slack/renderers/blocks.js";
import { environmentOnly } from "./args.js";
import { defineCommand } from "./define.js";

export const diffCommand = defineCommand<string>({
  verb: "diff",
  usage: "diff <env>",
  description: "What changed between the last two audits: new and fixed findings.",
  role: "viewer",
  parse: environmentOnly("diff"),
  async execute(environment, _ctx, deps) {
    const { a, b, diff } = await diffRuns(deps.history, environment);
    if (!a || !b || !diff) {
      const line = `*${escapeMrkdwn(environment)}* needs two recorded audits for a diff. ${code(`/harden audit ${environment}`)} runs one.`;
      return { reply: finishMessage(line, [section(`:information_source: ${line}`)]) };
    }
    return {
      reply: renderDiff(environment, { id: a.id, startedAt: a.startedAt, score: a.score }, { id: b.id, startedAt: b.startedAt, score: b.score }, diff),
    };
  },
});
