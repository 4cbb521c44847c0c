// `/harden history <env>` and `/harden diff <env>`: past runs with their trend, and
// what changed between two runs, worst first.
import { SEVERITIES, type Severity } from "../../core/checks/types.js";
import { context, header, section, type Block, type RenderedMessage } from "./blocks.js";
import type { AuditDiffInput } from "./audit-groups.js";
import { code, compareFindings, findingLine, scoreDelta, scoreText, slackDate, sparkline, toFindingView, type FindingLike } from "./format.js";
import { boundedList, clampChars, escapeMrkdwn, finishMessage } from "./limits.js";

export interface HistoryRun {
  id: string | number;
  startedAt: string;
  score: number | null;
  /** The run's stored summary (`{ byStatus, bySeverity }` for audits) or a ready line of text. */
  summary: string | Record<string, unknown>;
}

const LIST_CHARS = 2_800;

/** Reads what it recognises from a stored summary and ignores the rest: old rows may lack fields. */
function summaryLine(summary: HistoryRun["summary"]): string {
  if (typeof summary === "string") return escapeMrkdwn(clampChars(summary, 200));
  const sev = summary["bySeverity"];
  if (sev && typeof sev === "object") {
    const counts = sev as Partial<Record<Severity, unknown>>;
    const parts = SEVERITIES.filter((s) => s !== "info" && typeof counts[s] === "number" && (counts[s] as number) > 0).map(
      (s) => `${counts[s] as number} ${s}`,
    );
    return parts.length ? `${parts.join(", ")} failing` : "nothing failing";
  }
  const status = summary["byStatus"] as Record<string, unknown> | undefined;
  if (status && typeof status["fail"] === "number") return `${status["fail"]} failing`;
  return "";
}

export function renderHistory(environment: string, runs: readonly HistoryRun[]): RenderedMessage {
  const env = escapeMrkdwn(environment);
  if (runs.length === 0) {
    return finishMessage(`${env}: no audit runs yet`, [
      section(`No audit runs for *${env}* yet. ${code(`/harden audit ${environment}`)} starts one.`),
    ]);
  }
  // Runs arrive newest first (the history store's order); the trend reads left to right.
  const oldestFirst = [...runs].reverse();
  const scores = oldestFirst.map((r) => r.score);
  const known = scores.filter((s): s is number => s !== null);
  const first = known[0] ?? null;
  const last = known[known.length - 1] ?? null;
  const lines = runs.map((r, i) => {
    const older = runs[i + 1];
    const delta = older ? scoreDelta(r.score, older.score) : "";
    const summary = summaryLine(r.summary);
    return `${code(`#${r.id}`)} · ${slackDate(r.startedAt)} · *${scoreText(r.score)}*${delta ? ` ${delta}` : ""}${summary ? ` · ${summary}` : ""}`;
  });
  const blocks: Block[] = [
    header(`${environment}: last ${runs.length === 1 ? "audit" : `${runs.length} audits`}`),
    section(`*Trend* (oldest → newest): ${sparkline(scores)}  ${scoreText(first)} → ${scoreText(last)}`),
    section(boundedList(lines, { maxChars: LIST_CHARS, noun: "runs" })),
    context(`${code(`/harden diff ${environment}`)} shows what changed since the previous run.`),
  ];
  return finishMessage(`${env}: ${runs.length} audit runs, latest score ${scoreText(runs[0]!.score)}`, blocks);
}

export interface DiffRun {
  id: string | number;
  startedAt: string;
  score: number | null;
}

function findingList(title: string, items: readonly FindingLike[]): string {
  const lines = items
    .map(toFindingView)
    .sort(compareFindings)
    .map((f) => findingLine({ ...f, message: clampChars(f.message, 200) }, { withResource: true }));
  return `${title}\n${boundedList(lines, { maxChars: LIST_CHARS - title.length, maxLines: 20, noun: "findings" })}`;
}

export function renderDiff(environment: string, runA: DiffRun, runB: DiffRun, diff: AuditDiffInput): RenderedMessage {
  const env = escapeMrkdwn(environment);
  const delta = scoreDelta(runB.score, runA.score);
  const blocks: Block[] = [
    header(`${environment}: run #${runA.id} → #${runB.id}`),
    section(
      `*Score* ${scoreText(runA.score)} → ${scoreText(runB.score)}${delta ? ` (${delta})` : ""}\n` +
        `${code(`#${runA.id}`)} ${slackDate(runA.startedAt)} → ${code(`#${runB.id}`)} ${slackDate(runB.startedAt)}`,
    ),
  ];
  if (diff.new.length === 0 && diff.fixed.length === 0) {
    blocks.push(section(`No change in failing findings: ${diff.persisting.length} still failing.`));
  } else {
    if (diff.new.length > 0) blocks.push(section(findingList(`:new: *New* (${diff.new.length})`, diff.new)));
    if (diff.fixed.length > 0) blocks.push(section(findingList(`:white_check_mark: *Fixed* (${diff.fixed.length})`, diff.fixed)));
    blocks.push(context(`${diff.persisting.length} findings still failing in both runs.`));
  }
  return finishMessage(
    `${env}: ${diff.new.length} new, ${diff.fixed.length} fixed since run #${escapeMrkdwn(String(runA.id))}, score ${scoreText(runB.score)}`,
    blocks,
  );
}
