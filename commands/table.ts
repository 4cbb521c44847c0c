// Every `/harden` verb, listed here and nowhere else. The table is built once at
// start: it refuses two definitions of one verb, and it drives routing (which
// definition handles the text), permission (the role each declares) and help
// (what the caller's roles allow).
import type { AnyCommand } from "./define.js";
import { auditCommand } from "./audit.js";
import { diffCommand } from "./diff.js";
import { historyCommand } from "./history.js";
import { explainCommand } from "./explain.js";
import { scanCommand } from "./scan.js";
import { rotateCommand } from "./rotate.js";
import { rotationsCommand } from "./rotations.js";
import { metricsCommand } from "./metrics.js";
import { waiveCommand } from "./waive.js";
import { digestCommand } from "./digest.js";
import { scheduleAddCommand, scheduleListCommand, scheduleRemoveCommand } from "./schedule.js";
import { createHelpCommand } from "./help.js";

export interface CommandTable {
  /** In the order help shows them. */
  readonly commands: readonly AnyCommand[];
  /** The definition the tokens name ("schedule add ..." before "schedule"), and the arguments after the verb. */
  route(tokens: readonly string[]): { command: AnyCommand; args: string[] } | undefined;
  /** Sub-verbs of a two-word group ("schedule" → list, add, remove); empty for other words. */
  subverbs(word: string): string[];
  /** What a mistyped first word may have meant: every one-word verb and group. */
  readonly words: readonly string[];
}

export function createCommandTable(commands: readonly AnyCommand[]): CommandTable {
  const byVerb = new Map<string, AnyCommand>();
  for (const c of commands) {
    if (byVerb.has(c.verb)) throw new Error(`two commands define the verb "${c.verb}"`);
    byVerb.set(c.verb, c);
  }
  const groups = new Map<string, string[]>();
  for (const verb of byVerb.keys()) {
    const [word, sub] = verb.split(" ");
    if (sub !== undefined) groups.set(word!, [...(groups.get(word!) ?? []), sub]);
  }
  for (const word of groups.keys()) {
    // "schedule" and "schedule add" together would make "schedule add" ambiguous.
    if (byVerb.has(word)) throw new Error(`"${word}" is both a verb and a group of sub-verbs`);
  }
  const words = [...new Set([...byVerb.keys()].map((v) => v.split(" ")[0]!))];
  return {
    commands,
    words,
    route(tokens) {
      const [first, second] = tokens;
      if (first === undefined) return undefined;
      if (second !== undefined && groups.has(first)) {
        const c = byVerb.get(`${first} ${second}`);
        return c ? { command: c, args: tokens.slice(2) } : undefined;
      }
      const c = byVerb.get(first);
      return c ? { command: c, args: tokens.slice(1) } : undefined;
    },
    subverbs: (word) => groups.get(word) ?? [],
  };
}

const commands: AnyCommand[] = [
  auditCommand,
  diffCommand,
  historyCommand,
  explainCommand,
  scanCommand,
  rotateCommand,
  rotationsCommand,
  metricsCommand,
  waiveCommand,
  digestCommand,
  scheduleListCommand,
  scheduleAddCommand,
  scheduleRemoveCommand,
];
commands.push(createHelpCommand(() => COMMANDS.commands));

export const COMMANDS: CommandTable = createCommandTable(commands);
