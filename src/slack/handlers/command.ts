// `/harden ...`: the dispatcher decides the answer (parse, permission, enqueue),
// this handler acks with it as an ephemeral message and only then runs whatever
// must not delay the answer. The dispatcher is time-boxed: Slack shows the user an
// error after 3 s, so past the budget the ack says "still working" and the real
// answer follows through the command's response_url when it comes.
import { performance } from "node:perf_hooks";
import type { AckFn, App, RespondArguments, RespondFn, types } from "@slack/bolt";
import { HeldTrail, type TrailEvent } from "../../app/audit-trail.js";
import type { ChatMessage } from "../../ports/notifier.js";
import type { CommandDeps, CommandOutcome } from "../../../commands/define.js";
import { handleSlashCommand } from "../../../commands/dispatch.js";
import type { AckKind } from "../../adapters/telemetry/metrics.js";

export interface HandlerLogger {
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export interface HandlerMetrics {
  command(verb: string, outcome: string): void;
  ackLatency(kind: AckKind, ms: number): void;
}

export interface CommandHandlerDeps {
  commands: CommandDeps;
  metrics: HandlerMetrics;
  log: HandlerLogger;
  /** How long the dispatcher may take before the ack goes out without it. */
  budgetMs?: number;
}

/** The one slash command, as the app manifest declares it. */
export const SLASH_COMMAND = "/harden";

/** Under Slack's 3,000 ms with room for the network both ways and a slow event loop. */
export const COMMAND_BUDGET_MS = 2000;

const SLOW: ChatMessage = {
  text: ":hourglass: harden is taking longer than usual to answer; the answer will follow here in a moment.",
};

export function ephemeral(message: ChatMessage): RespondArguments {
  // Renderers build Block Kit as plain JSON of the SDK's shape.
  return { response_type: "ephemeral", text: message.text, ...(message.blocks ? { blocks: message.blocks as types.KnownBlock[] } : {}) } as RespondArguments;
}

/** When Bolt's receiver saw the request (HTTP and Socket Mode set it), else now. */
export function receivedAtOf(context: Record<string, unknown>): number {
  const t = context["receivedAt"];
  return typeof t === "number" ? t : performance.now();
}

/**
 * The audit trail as the dispatcher sees it during one command. Rows are held and
 * written right after the ack: a trail insert is the costliest step of a command
 * and Slack is not waiting for it (a process killed in that instant loses the row,
 * never the answer). Rows recorded after the ack (a follow-up's failure) go
 * straight through. The dispatcher writes one `command.*` row per command naming
 * the verb and how it ended; the metrics read the same row, so they cannot drift
 * from the trail.
 */
export class DeferredTrail extends HeldTrail {
  #first: TrailEvent | undefined;

  override record(event: TrailEvent): Promise<boolean> {
    // Use cases may write rows of their own (approval.request...); the command's row is named for it.
    if (this.#first === undefined && event.action.startsWith("command.") && !event.action.endsWith(".after")) this.#first = event;
    return super.record(event);
  }

  /** The dispatcher's `command.*` row, once written. */
  seen(): TrailEvent | undefined {
    return this.#first;
  }
}

/** "command.schedule.add" → "schedule.add"; unknown and unparsable text → "unknown". */
export function verbOf(event: TrailEvent | undefined): string {
  const action = event?.action ?? "";
  if (!action.startsWith("command.") || action === "command.unparsed") return "unknown";
  return action.slice("command.".length);
}

/** The dispatcher's outcome and reason, as one label. */
export function outcomeOf(event: TrailEvent | undefined): string {
  if (!event) return "error";
  if (event.outcome === "queued") return "queued";
  if (event.outcome === "ok") return "answered";
  if (event.outcome === "denied") return "denied";
  const reason = typeof event.details?.["reason"] === "string" ? (event.details["reason"] as string) : "";
  if (reason === "usage" || reason === "unknown command") return "usage";
  if (reason === "queue unavailable") return "unavailable";
  if (reason === "error") return "error";
  return "refused";
}

type Settled = { ok: true; outcome: CommandOutcome } | { ok: false; error: unknown };

/**
 * One command's ack budget: a timer that, if it fires before the dispatcher has
 * answered, acks with "still working" so Slack does not show the user an error.
 * A class and a module-level callback rather than a race of promises: one timer
 * per command and nothing else.
 */
class AckBudget {
  spent = false;
  /** The "still working" ack once the budget is spent; the late answer goes after it. */
  slowAck: Promise<void> | undefined;
  readonly timer: NodeJS.Timeout;
  constructor(
    readonly ack: AckFn<string | RespondArguments>,
    readonly receivedAt: number,
    readonly deps: CommandHandlerDeps,
    readonly budgetMs: number,
  ) {
    this.timer = setTimeout(spendBudget, budgetMs, this);
  }

  /** True when the dispatcher answered in time (the timer is stopped); false when "still working" went out. */
  stop(): boolean {
    clearTimeout(this.timer);
    return !this.spent;
  }
}

function spendBudget(budget: AckBudget): void {
  budget.spent = true;
  const { deps } = budget;
  budget.slowAck = budget.ack(ephemeral(SLOW)).then(
    () => {
      deps.metrics.ackLatency("command", performance.now() - budget.receivedAt);
      deps.log.warn({ budgetMs: budget.budgetMs }, "a command outlived its ack budget; its answer follows by response_url");
    },
    (err: unknown) => deps.log.warn({ err: err instanceof Error ? err.name : "unknown" }, "could not ack a slow command"),
  );
}

export function registerSlashCommand(app: App, deps: CommandHandlerDeps): void {
  const budgetMs = deps.budgetMs ?? COMMAND_BUDGET_MS;

  async function finish(outcome: CommandOutcome, verb: string): Promise<void> {
    if (!outcome.afterAck) return;
    try {
      await outcome.afterAck();
    } catch (err) {
      deps.log.error({ verb, err: err instanceof Error ? err.name : "unknown" }, "a command's follow-up failed");
    }
  }

  /** The answer of a dispatch that outlived the budget, sent once it exists, after the "still working" ack. */
  async function late(settled: Settled, budget: AckBudget, respond: RespondFn, watched: DeferredTrail): Promise<void> {
    await budget.slowAck;
    await watched.flush();
    const verb = verbOf(watched.seen());
    deps.metrics.command(verb, settled.ok ? outcomeOf(watched.seen()) : "error");
    const reply = settled.ok ? settled.outcome.reply : failureReply;
    try {
      await respond({ ...ephemeral(reply), replace_original: false });
    } catch (err) {
      deps.log.warn({ verb, err: err instanceof Error ? err.name : "unknown" }, "could not send a late command answer");
    }
    if (settled.ok) await finish(settled.outcome, verb);
  }

  // A global middleware, not app.command: see routing in ../app.ts.
  app.use(async (args) => {
    if (!("command" in args) || args.command.command !== SLASH_COMMAND) return args.next();
    const { command, ack, context, respond } = args;
    const budget = new AckBudget(ack, receivedAtOf(context), deps, budgetMs);
    const watched = new DeferredTrail(deps.commands.trail);
    let settled: Settled;
    try {
      const input = { userId: command.user_id, channelId: command.channel_id, teamId: command.team_id, text: command.text };
      settled = { ok: true, outcome: await handleSlashCommand(input, { ...deps.commands, trail: watched }) };
    } catch (error) {
      settled = { ok: false, error };
    }
    if (!budget.stop()) return late(settled, budget, respond, watched);

    await ack(ephemeral(settled.ok ? settled.outcome.reply : failureReply));
    deps.metrics.ackLatency("command", performance.now() - budget.receivedAt);
    const verb = verbOf(watched.seen());
    deps.metrics.command(verb, settled.ok ? outcomeOf(watched.seen()) : "error");
    await watched.flush();
    if (!settled.ok) {
      deps.log.error({ verb, err: settled.error instanceof Error ? settled.error.name : "unknown" }, "a command failed before it could answer");
      return;
    }
    await finish(settled.outcome, verb);
  });
}

/** The dispatcher itself threw (its own failures are answered by it): say nothing was promised. */
const failureReply: ChatMessage = {
  text: ":x: Something went wrong handling this command; it may not have been done. Try again in a minute.",
};
