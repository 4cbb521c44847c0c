// Small formatting vocabulary shared by the renderers: how a severity, a person, a
// date, a resource and a finding look in Slack. Everything that came from a user or
// a cluster passes through escapeMrkdwn before it reaches a message.
import type { Finding } from "../../core/audit/engine.js";
import type { ResourceRef, Severity } from "../../core/checks/types.js";
import { SEVERITIES } from "../../core/checks/types.js";
import type { NewFinding } from "../../ports/history.js";
import { clampChars, clampLines, escapeMrkdwn } from "./limits.js";

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ":red_circle:",
  high: ":large_orange_circle:",
  medium: ":large_yellow_circle:",
  low: ":large_blue_circle:",
  info: ":white_circle:",
};

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Inline code; backticks inside would end the span early, so they become a look-alike. */
export const code = (text: string): string => "`" + escapeMrkdwn(text).replace(/`/g, "ˋ") + "`";

/** Longer lines are cut so one minified line cannot push every other line out of a code block. */
const CODE_LINE_CHARS = 400;

/** A fenced block cut by whole lines to `maxChars` (fences included), with the dropped count visible. */
export function codeBlock(text: string, maxChars: number): string {
  // A ``` inside the content would close the fence; a zero-width space defuses it.
  const body = text
    .replace(/\n+$/, "")
    .split("\n")
    .map((l) => clampChars(escapeMrkdwn(l).replace(/```/g, "`\u200b``"), CODE_LINE_CHARS))
    .join("\n");
  const wrapped = "```\n" + body + "\n```";
  if (wrapped.length <= maxChars) return wrapped;
  const lines = body.split("\n");
  let kept = 0;
  let size = 8;
  for (const line of lines) {
    const suffix = `\n…and ${lines.length - kept} more lines`.length;
    if (size + line.length + 1 + suffix > maxChars) break;
    size += line.length + 1;
    kept++;
  }
  if (kept === 0) return clampLines(wrapped, maxChars);
  return "```\n" + lines.slice(0, kept).join("\n") + "\n```" + `\n…and ${lines.length - kept} more lines`;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_CHANNEL = /^[CGD][A-Z0-9]{2,}$/;

/** A Slack user id becomes a mention; anything else (cli:alice, system) stays plain text. */
export const who = (actor: string): string => (SLACK_USER.test(actor) ? `<@${actor}>` : escapeMrkdwn(actor));

export const channelLink = (id: string): string => (SLACK_CHANNEL.test(id) ? `<#${id}>` : escapeMrkdwn(id));

const parse = (iso: string): Date | undefined => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** "2026-03-02 09:30 UTC": for plain text (headers, fallback text, files). */
export function utcTime(iso: string): string {
  const d = parse(iso);
  return d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : iso;
}

export function utcDay(iso: string): string {
  const d = parse(iso);
  return d ? d.toISOString().slice(0, 10) : iso;
}

/** Slack renders the date in each reader's own time zone; the UTC text is the fallback. */
export function slackDate(iso: string): string {
  const d = parse(iso);
  if (!d) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${utcTime(iso)}>`;
}

/** "payments › Deployment api · container app" */
export function resourceLabel(ref: ResourceRef): string {
  const where = ref.namespace !== undefined ? escapeMrkdwn(ref.namespace) : "cluster-wide";
  const container = ref.container !== undefined ? ` · container ${code(ref.container)}` : "";
  return `${where} › ${escapeMrkdwn(ref.kind)} ${code(ref.name)}${container}`;
}

/** The same label without mrkdwn, for headers, fallback text and files. */
export function resourcePlain(ref: ResourceRef): string {
  const ns = ref.namespace !== undefined ? `${ref.namespace}/` : "";
  const container = ref.container !== undefined ? ` (container ${ref.container})` : "";
  return `${ref.kind} ${ns}${ref.name}${container}`;
}

export function scoreText(score: number | null): string {
  return score === null ? "n/a" : `${score}/100`;
}

/** "▲ 4", "▼ 3", "±0"; empty when there is nothing to compare with. */
export function scoreDelta(score: number | null, previous: number | null | undefined): string {
  if (score === null || previous === null || previous === undefined) return "";
  const d = score - previous;
  return d > 0 ? `▲ ${d}` : d < 0 ? `▼ ${-d}` : "±0";
}

const BARS = "▁▂▃▄▅▆▇█";

/**
 * A text sparkline scaled between the series' own min and max (so small moves show);
 * a run without a score is a gap. A flat series is a flat line.
 */
export function sparkline(values: readonly (number | null)[]): string {
  const nums = values.filter((v): v is number => v !== null);
  if (nums.length === 0) return "";
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  return values
    .map((v) => {
      if (v === null) return "·";
      if (max === min) return BARS[3];
      return BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))];
    })
    .join("");
}

/** A finding as renderers need it, whether it comes from a report or from the history store. */
export interface FindingView {
  fingerprint: string;
  checkId: string;
  title: string;
  severity: Severity;
  status: string;
  message: string;
  resource: ResourceRef;
  fixable: boolean;
}

export type FindingLike = Finding | NewFinding;

export function toFindingView(f: FindingLike): FindingView {
  if ("resource" in f) {
    return { fingerprint: f.fingerprint, checkId: f.checkId, title: f.title, severity: f.severity, status: f.status, message: f.message, resource: f.resource, fixable: f.fixable };
  }
  const resource: ResourceRef = { kind: f.kind, name: f.name };
  if (f.namespace !== null) resource.namespace = f.namespace;
  if (f.container !== null) resource.container = f.container;
  return { fingerprint: f.fingerprint, checkId: f.checkId, title: f.title, severity: f.severity, status: f.status, message: f.message, resource, fixable: false };
}

/** Worst severity first, then by check and resource so the order never depends on input order. */
export function compareFindings(a: FindingView, b: FindingView): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    resourcePlain(a.resource).localeCompare(resourcePlain(b.resource))
  );
}

/** One line: severity, title, what is wrong; the resource only where the context does not already say it. */
export function findingLine(f: FindingView, opts: { isNew?: boolean; withResource?: boolean } = {}): string {
  const fresh = opts.isNew ? "*NEW* " : "";
  const where = opts.withResource ? ` — ${resourceLabel(f.resource)}` : "";
  return `${SEVERITY_EMOJI[f.severity]} ${fresh}*${escapeMrkdwn(f.title)}*${where}: ${escapeMrkdwn(f.message)} · ${code(f.checkId)}`;
}

/**
 * Check prose is written in Markdown (catalog data); Slack speaks mrkdwn. Escapes
 * first, then maps the two constructs the catalog uses besides `code`: bold and links.
 */
export function proseToMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => `<${url}|${label}>`);
}
