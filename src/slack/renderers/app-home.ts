// The App Home tab: each environment's posture at a glance. Published per user with
// views.publish; a Home view allows 100 blocks, and the list says how many it left out.
import { context, divider, fields, header, section, type Block, type HomeView } from "./blocks.js";
import { code, plural, scoreText, slackDate } from "./format.js";
import { LIMITS, escapeMrkdwn, finishMessage } from "./limits.js";

export interface HomeEnvironment {
  name: string;
  score: number | null;
  /** Null when the environment was never audited. */
  lastRunAt: string | null;
  openApprovals: number;
}

export interface AppHomeInput {
  environments: readonly HomeEnvironment[];
}

/** Blocks each environment takes (fields + divider), and what the page keeps for its frame. */
const PER_ENVIRONMENT = 2;
const FRAME = 4;

export function renderAppHome(input: AppHomeInput): HomeView {
  const blocks: Block[] = [
    header("harden: cluster posture"),
    context(`Scores are the severity-weighted share of passing checks. ${code("/harden help")} lists what you can run.`),
    divider(),
  ];
  if (input.environments.length === 0) {
    blocks.push(section("No environments are configured yet. Add one under `environments:` in the harden config."));
  }
  const room = Math.floor((LIMITS.homeBlocks - FRAME) / PER_ENVIRONMENT);
  const shown = input.environments.slice(0, room);
  for (const e of shown) {
    const approvals = e.openApprovals > 0 ? `:ballot_box_with_check: ${plural(e.openApprovals, "open approval")}` : "No open approvals";
    blocks.push(
      fields([
        `*${escapeMrkdwn(e.name)}*\nScore *${scoreText(e.score)}*`,
        `*Last audit*\n${e.lastRunAt ? slackDate(e.lastRunAt) : "never"}`,
        `*Approvals*\n${approvals}`,
      ]),
      divider(),
    );
  }
  const hidden = input.environments.length - shown.length;
  if (hidden > 0) blocks.push(context(`…and ${plural(hidden, "more environment")} not shown.`));
  return { type: "home", blocks: finishMessage("home", blocks, "home").blocks };
}
