// Ephemeral answers to the command itself: help (only what the caller may run),
// usage errors with the closest valid command, and refusals. Each names the way
// forward rather than just the problem.
import { context, section, type Block, type RenderedMessage } from "./blocks.js";
import { code } from "./format.js";
import { LIMITS, clampChars, escapeMrkdwn, finishMessage } from "./limits.js";

export interface HelpEntry {
  /** "/harden audit <env> [ns=NS] [check=ID]" */
  usage: string;
  description: string;
}

export function renderHelp(commands: readonly HelpEntry[]): RenderedMessage {
  if (commands.length === 0) {
    return finishMessage("You may not run any harden command yet.", [
      section(":lock: You may not run any `/harden` command yet. Ask whoever runs harden to add you to a role in its config."),
    ]);
  }
  const blocks: Block[] = [];
  let current = "*What you can run*";
  for (const c of commands) {
    const line = clampChars(`${code(c.usage)}\n      ${escapeMrkdwn(c.description)}`, LIMITS.sectionText - 40);
    if (current.length + 1 + line.length > LIMITS.sectionText) {
      blocks.push(section(current));
      current = "*What you can run* (continued)";
    }
    current += `\n${line}`;
  }
  blocks.push(section(current));
  blocks.push(context("Only the commands your roles allow are listed. Replies like this one are visible only to you."));
  return finishMessage(`harden: ${commands.length} commands you can run`, blocks);
}

export interface UsageErrorInput {
  message: string;
  /** The closest valid command, when one is close enough to be a likely typo. */
  suggestion?: string;
  usage: string;
}

export function renderUsageError(u: UsageErrorInput): RenderedMessage {
  const lines = [`:warning: ${escapeMrkdwn(u.message)}`];
  if (u.suggestion) lines.push(`Did you mean ${code(u.suggestion)}?`);
  lines.push(`Usage: ${code(u.usage)}`);
  return finishMessage(`${escapeMrkdwn(u.message)}${u.suggestion ? ` Did you mean ${escapeMrkdwn(u.suggestion)}?` : ""}`, [
    section(lines.join("\n")),
    context(`${code("/harden help")} lists every command you may run.`),
  ]);
}

export type RoleName = "viewer" | "operator" | "approver";

export interface DeniedInput {
  /** What was refused, as a verb phrase: "approve remediation requests in prod". */
  action: string;
  requiredRole: RoleName;
}

export function renderDenied(d: DeniedInput): RenderedMessage {
  const text = `You may not ${escapeMrkdwn(d.action)}: it takes the ${d.requiredRole} role.`;
  return finishMessage(text, [
    section(`:no_entry: ${text.replace(`the ${d.requiredRole} role`, `the *${d.requiredRole}* role`)}`),
    context(`Ask whoever runs harden to add you (or one of your user groups) to ${code(`roles.${d.requiredRole}s`)} in its config.`),
  ]);
}
