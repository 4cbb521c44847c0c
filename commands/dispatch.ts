// One `/harden ...` from Slack, start to answer, inside the 3-second budget:
// tokens, verb, arguments (environment included), permission, the verb's use case,
// and a row in the audit trail whatever happened. Nothing here talks to a cluster;
// the queue adapter time-boxes enqueue, so Redis being away is a quick "try again".
import { memoizeBy } from "../src/core/memo.js";
import { closest } from "../src/core/text/closest.js";
import { ConflictError, InputError, NotAllowedError, NotFoundError, UnavailableError } from "../src/core/errors.js";
import { RoleRequiredError } from "../src/app/authorize.js";
import { HeldTrail, redactSecrets, type TrailEvent } from "../src/app/audit-trail.js";
import type { ChatMessage } from "../src/ports/notifier.js";
import { renderDenied, renderUsageError } from "../src/slack/renderers/command-replies.js";
import { commandLine, tokenize } from "./args.js";
import { UsageError, type AnyCommand, type CommandContext, type CommandDeps, type CommandOutcome, type TrailNote } from "./define.js";
import { QUEUE_UNAVAILABLE, notice } from "./reply.js";
import { COMMANDS, type CommandTable } from "./table.js";

export interface SlashCommandInput {
  userId: string;
  channelId: string;
  teamId: string;
  /** What followed `/harden`, as Slack sent it. */
  text: string;
}

const usage = (message: string, usageLine: string, suggestion?: string): ChatMessage =>
  renderUsageError({ message: redactSecrets(message), usage: usageLine, ...(suggestion ? { suggestion: redactSecrets(suggestion) } : {}) });

function deniedReply(err: NotAllowedError, verb: string): ChatMessage {
  if (err instanceof RoleRequiredError && err.unresolvedGroups.length === 0) return renderDenied({ action: `run /harden ${verb}`, requiredRole: err.requiredRole });
  return notice(":no_entry:", `You may not run /harden ${verb}: ${err.message}`);
}

/** The environment a parsed command is about, for the audit trail. */
function environmentOf(value: unknown, ctx: CommandContext): string | undefined {
  if (typeof value === "string" && ctx.environments.includes(value)) return value;
  if (typeof value === "object" && value !== null && typeof (value as { environment?: unknown }).environment === "string")
    return (value as { environment: string }).environment;
  return undefined;
}

function unrouted(tokens: readonly string[], table: CommandTable): { reply: ChatMessage; action: string } {
  const [first = "", second] = tokens;
  const subs = table.subverbs(first);
  if (subs.length > 0) {
    const near = second !== undefined ? closest(second, subs) : undefined;
    const line = `/harden ${first} ${subs.join(" | ")}`;
    const message = second === undefined ? `${first} needs one of: ${subs.join(", ")}` : `unknown command "${first} ${second}"`;
    return { reply: usage(message, line, near ? commandLine(`${first} ${near}`, tokens.slice(2)) : undefined), action: `command.${first}` };
  }
  const near = closest(first, table.words);
  const nearUsage = near ? table.commands.find((c) => c.verb === near || c.verb.startsWith(`${near} `))?.usage : undefined;
  return {
    reply: usage(`unknown command "${first}"`, nearUsage ? `/harden ${nearUsage}` : "/harden help", near ? commandLine(near, tokens.slice(1)) : undefined),
    action: "command.unknown",
  };
}

/** Maps what a use case threw to an answer; anything unexpected is a failure that says nothing was promised. */
function errorOutcome(err: unknown, command: AnyCommand): { reply: ChatMessage; outcome: TrailEvent["outcome"]; reason: string } {
  if (err instanceof UnavailableError) return { reply: notice(":hourglass:", QUEUE_UNAVAILABLE), outcome: "failed", reason: "queue unavailable" };
  if (err instanceof NotAllowedError) return { reply: deniedReply(err, command.verb), outcome: "denied", reason: "not allowed" };
  if (err instanceof InputError)
    return { reply: usage(err.message, `/harden ${command.usage}`, err instanceof UsageError ? err.suggestion : undefined), outcome: "failed", reason: "usage" };
  if (err instanceof NotFoundError) return { reply: notice(":grey_question:", redactSecrets(err.message)), outcome: "failed", reason: "not found" };
  if (err instanceof ConflictError) return { reply: notice(":warning:", redactSecrets(err.message)), outcome: "failed", reason: "conflict" };
  return {
    reply: notice(":x:", `Something went wrong running /harden ${command.verb}; it may not have been done. The error is in harden's audit trail.`),
    outcome: "failed",
    reason: "error",
  };
}

type RowExtra = { environment?: string; target?: string; details?: Record<string, unknown> };

/** The trail row of one dispatch: who typed what where, and how it ended. */
function row(input: SlashCommandInput, action: string, outcome: TrailEvent["outcome"], extra: RowExtra = {}): TrailEvent {
  return {
    actor: input.userId,
    action,
    environment: extra.environment ?? null,
    target: extra.target ?? null,
    outcome,
    details: { channel: input.channelId, team: input.teamId, text: input.text.slice(0, 500), ...extra.details },
  };
}

/** "command.audit", "command.schedule.add": the trail's action for a verb, made once per command. */
const actionOf = memoizeBy((command: AnyCommand): string => `command.${command.verb.replace(" ", ".")}`);

/** Configured environment names, sorted once per config rather than once per command. */
const environmentsOf = memoizeBy((config: CommandDeps["config"]): readonly string[] => Object.keys(config.environments).sort());

export async function handleSlashCommand(input: SlashCommandInput, deps: CommandDeps, table: CommandTable = COMMANDS): Promise<CommandOutcome> {
  const ctx: CommandContext = {
    userId: input.userId,
    channelId: input.channelId,
    teamId: input.teamId,
    environments: environmentsOf(deps.config),
    now: deps.clock(),
  };
  const tokens = tokenize(input.text);
  if (!tokens.ok) {
    await deps.trail.record(row(input, "command.unparsed", "failed", { details: { reason: "usage" } }));
    return { reply: usage(tokens.error, "/harden help") };
  }
  const words = tokens.tokens.length === 0 ? ["help"] : tokens.tokens;
  const routed = table.route(words);
  if (!routed) {
    const { reply, action } = unrouted(words, table);
    await deps.trail.record(row(input, action, "failed", { details: { reason: "unknown command" } }));
    return { reply };
  }

  const { command, args } = routed;
  const action = actionOf(command);
  const parsed = command.parse(args, ctx);
  if (!parsed.ok) {
    await deps.trail.record(row(input, action, "failed", { details: { reason: "usage" } }));
    return { reply: usage(parsed.error, `/harden ${command.usage}`, parsed.suggestion) };
  }
  const environment = environmentOf(parsed.value, ctx);
  const env = environment !== undefined ? { environment } : {};

  if (command.role !== "anyone") {
    try {
      await deps.authorizer.require(input.userId, command.role);
    } catch (err) {
      if (!(err instanceof NotAllowedError)) throw err;
      await deps.trail.record(row(input, action, "denied", { ...env, details: { requiredRole: command.role } }));
      return { reply: deniedReply(err, command.verb) };
    }
  }

  // What the use case records while it runs (an approval request) is written after
  // the command's own row, so the trail reads in causal order and the command row is
  // always a dispatch's first. Later writes (after the ack) go straight through.
  const held = new HeldTrail(deps.trail);
  const execDeps: CommandDeps = { ...deps, trail: held };
  let outcome: CommandOutcome;
  try {
    outcome = await command.execute(parsed.value, ctx, execDeps);
  } catch (err) {
    const e = errorOutcome(err, command);
    await deps.trail.record(row(input, action, e.outcome, {
      ...env,
      details: { reason: e.reason, ...(e.reason === "error" ? { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } : {}) },
    }));
    await held.flush();
    return { reply: e.reply };
  }

  const note: TrailNote = outcome.trail ?? { outcome: "ok" };
  const extra: RowExtra = {};
  const rowEnvironment = note.environment ?? environment;
  if (rowEnvironment !== undefined) extra.environment = rowEnvironment;
  if (note.target !== undefined) extra.target = note.target;
  if (note.details) extra.details = note.details;
  await deps.trail.record(row(input, action, note.outcome, extra));
  await held.flush();
  const after = outcome.afterAck;
  const answered: CommandOutcome = { reply: outcome.reply, trail: note };
  // Runs after the ack, where nobody awaits an answer: a failure is recorded, never thrown into the void.
  if (after)
    answered.afterAck = async () => {
      try {
        await after();
      } catch (err) {
        await deps.trail.record(row(input, `${action}.after`, "failed", { ...env, details: { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } }));
      }
    };
  return answered;
}
