// What a `/harden` verb is: its usage line, the role it takes, how its arguments
// are read, and the use case it runs. One definition per verb file; commands/table.ts
// lists them all, and that one table drives routing, permission and help.
//
// `parse` is pure and cheap: it runs before permission is checked. `execute` runs
// inside Slack's 3-second budget: it may read a little from the database and put a
// job on the queue, nothing more. Work that must not delay the answer (posting an
// approval message) goes in `afterAck`.
import type { Authorizer, Role } from "../src/app/authorize.js";
import type { AuditTrail } from "../src/app/audit-trail.js";
import type { HardenConfig } from "../src/core/config/schema.js";
import type { CheckDefinition } from "../src/core/checks/types.js";
import type { ApprovalRepository } from "../src/ports/approvals.js";
import type { HistoryRepository } from "../src/ports/history.js";
import type { JobQueue, JobScheduler } from "../src/ports/job-queue.js";
import type { ChatMessage, Notifier } from "../src/ports/notifier.js";
import type { ScheduleRepository } from "../src/ports/schedules.js";
import { InputError } from "../src/core/errors.js";

/** `anyone` is for `help` alone: people without a role must learn that they have none. */
export type CommandRole = Role | "anyone";

export interface CommandContext {
  userId: string;
  channelId: string;
  teamId: string;
  /** Environment names from the config, sorted. */
  environments: readonly string[];
  now: Date;
}

export type ParseResult<V> =
  | { ok: true; value: V }
  /** `suggestion`: the whole command with the likely typo corrected ("/harden audit prod ns=web"). */
  | { ok: false; error: string; suggestion?: string };

/** What the dispatcher writes to the audit trail for a command that ran. */
export interface TrailNote {
  outcome: "queued" | "ok" | "failed";
  environment?: string;
  /** What inside the environment: "ns=payments", an image, a fingerprint. */
  target?: string;
  details?: Record<string, unknown>;
}

export interface CommandOutcome {
  /** The ephemeral acknowledgement. */
  reply: ChatMessage;
  /** Runs after Slack has its answer; failures there are the caller's to log. */
  afterAck?: () => Promise<void>;
  /** Absent: the dispatcher records outcome "ok" with the command's environment. */
  trail?: TrailNote;
}

export interface CommandDeps {
  config: HardenConfig;
  queue: JobQueue;
  scheduler: JobScheduler;
  /**
   * The job kinds the queue has definitions for. A verb whose job is not there yet
   * says so instead of pretending (scan, rotation and metrics come in later issues).
   */
  jobKinds: ReadonlySet<string>;
  history: HistoryRepository;
  approvals: ApprovalRepository;
  schedules: ScheduleRepository;
  authorizer: Authorizer;
  notifier: Notifier;
  trail: AuditTrail;
  clock: () => Date;
  checks: readonly CheckDefinition[];
}

export interface CommandDefinition<V = unknown> {
  /** One word, or a word and a sub-verb ("schedule add"). */
  readonly verb: string;
  /** Without the "/harden " prefix: "audit <env> [ns=NS] [check=ID]". */
  readonly usage: string;
  readonly description: string;
  readonly role: CommandRole;
  /** Arguments after the verb. */
  parse(args: readonly string[], ctx: CommandContext): ParseResult<V>;
  execute(value: V, ctx: CommandContext, deps: CommandDeps): Promise<CommandOutcome>;
}

/** Any definition, whatever its parsed value: what the table holds. */
// Method parameters are bivariant, so every CommandDefinition<V> fits here.
export type AnyCommand = CommandDefinition<unknown>;

const VERB = /^[a-z][a-z-]*( [a-z][a-z-]*)?$/;

export function defineCommand<V>(def: CommandDefinition<V>): CommandDefinition<V> {
  if (!VERB.test(def.verb)) throw new Error(`command verb "${def.verb}" must be one or two lower-case words`);
  if (def.usage !== def.verb && !def.usage.startsWith(`${def.verb} `))
    throw new Error(`command "${def.verb}": usage must start with the verb`);
  if (def.description.trim() === "") throw new Error(`command "${def.verb}" needs a description`);
  return Object.freeze(def);
}

export const ok = <V>(value: V): ParseResult<V> => ({ ok: true, value });
export const fail = (error: string, suggestion?: string): ParseResult<never> =>
  suggestion === undefined ? { ok: false, error } : { ok: false, error, suggestion };

/** Thrown by `execute` when an argument turns out wrong only against live data (an unknown check id). */
export class UsageError extends InputError {
  constructor(
    message: string,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}
