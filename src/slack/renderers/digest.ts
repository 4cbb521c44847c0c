// The scheduled digest per environment. Quiet by design: when nothing changed since
// the last digest it is one line. Sections for later features (rotations,
// vulnerabilities, metric breaches) appear only when their data is provided.
import { context, header, section, type Block, type RenderedMessage } from "./blocks.js";
import {
  code,
  compareFindings,
  findingLine,
  plural,
  scoreDelta,
  scoreText,
  slackDate,
  sparkline,
  toFindingView,
  utcDay,
  who,
  type FindingLike,
} from "./format.js";
import { LIMITS, boundedList, clampChars, escapeMrkdwn, finishMessage } from "./limits.js";

export interface DigestApproval {
  id: string;
  kind: "remediation" | "waiver" | "rotation";
  summary: string;
  requestedBy: string;
  expiresAt: string;
}

export interface DigestWaiver {
  checkId: string;
  /** Human description of what it covers: "payments › Deployment api", "namespace legacy-*". */
  scope: string;
  owner: string;
  expiresAt: string;
}

export interface DigestRotation {
  /** "namespace/name"; never a value. */
  secret: string;
  dueAt: string;
  overdue: boolean;
}

export interface DigestVulnerabilities {
  bySeverity: Record<"critical" | "high" | "medium" | "low" | "unknown", number>;
  imagesScanned: number;
  newSincePrevious: number;
}

export interface DigestMetricBreach {
  rule: string;
  severity: "critical" | "warning" | "info";
  /** Already formatted with units: "93 %", "1.2 s". */
  value: string;
  threshold: string;
  since?: string;
}

export interface DigestInput {
  environment: string;
  /** Since the previous digest, up to now. */
  period: { from: string; to: string };
  score: number | null;
  /** Scores of the last runs, oldest first, the current one last. */
  trend: (number | null)[];
  newFindings: FindingLike[];
  fixedFindings: FindingLike[];
  /** The worst open findings, already chosen by the caller. */
  topRisks: FindingLike[];
  pendingApprovals: DigestApproval[];
  expiringWaivers: DigestWaiver[];
  rotationsDue?: DigestRotation[];
  vulnerabilities?: DigestVulnerabilities;
  metricBreaches?: DigestMetricBreach[];
}

const LIST_CHARS = 2_000;
const BREACH_EMOJI: Record<DigestMetricBreach["severity"], string> = { critical: ":red_circle:", warning: ":large_yellow_circle:", info: ":white_circle:" };

/** The last known score before the current one; runs without a score (failed audits) are skipped. */
function previousScore(d: DigestInput): number | undefined {
  for (let i = d.trend.length - 2; i >= 0; i--) {
    const v = d.trend[i];
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
}

/** Nothing a reader would act on changed: no new or fixed findings, same score, nothing waiting or breaching. */
export function digestIsQuiet(d: DigestInput): boolean {
  const prev = previousScore(d);
  return (
    d.newFindings.length === 0 &&
    d.fixedFindings.length === 0 &&
    (prev === undefined || prev === d.score) &&
    d.pendingApprovals.length === 0 &&
    d.expiringWaivers.length === 0 &&
    (d.rotationsDue ?? []).length === 0 &&
    (d.vulnerabilities?.newSincePrevious ?? 0) === 0 &&
    (d.metricBreaches ?? []).length === 0
  );
}

function findingLines(items: readonly FindingLike[]): string[] {
  return items
    .map(toFindingView)
    .sort(compareFindings)
    .map((f) => findingLine({ ...f, title: clampChars(f.title, 120), message: clampChars(f.message, 160) }, { withResource: true }));
}

/** A titled list; `lines` is null for a fixed block of text (the vulnerability counts). */
interface Part {
  title: string;
  lines: string[] | null;
  text?: string;
  noun: string;
  maxLines?: number;
}

function digestParts(d: DigestInput): Part[] {
  const out: Part[] = [];
  const list = (title: string, lines: string[], noun: string, maxLines?: number) => {
    if (lines.length > 0) out.push({ title, lines, noun, ...(maxLines ? { maxLines } : {}) });
  };
  list(`:new: *New findings* (${d.newFindings.length})`, findingLines(d.newFindings), "findings", 10);
  list(`:white_check_mark: *Fixed* (${d.fixedFindings.length})`, findingLines(d.fixedFindings), "findings", 10);
  list(":warning: *Top risks*", findingLines(d.topRisks), "findings", 5);
  list(
    `:ballot_box_with_check: *Waiting for approval* (${d.pendingApprovals.length})`,
    d.pendingApprovals.map(
      (a) =>
        `${code(clampChars(a.id, 40))} ${a.kind}: ${escapeMrkdwn(clampChars(a.summary, 160))} · by ${who(clampChars(a.requestedBy, 40))}, expires ${slackDate(a.expiresAt)}`,
    ),
    "requests",
  );
  list(
    `:hourglass: *Waivers expiring soon* (${d.expiringWaivers.length})`,
    d.expiringWaivers.map(
      (w) =>
        `${code(clampChars(w.checkId, 60))} on ${escapeMrkdwn(clampChars(w.scope, 160))} · ${escapeMrkdwn(clampChars(w.owner, 60))}, expires ${slackDate(w.expiresAt)}`,
    ),
    "waivers",
  );
  list(
    `:key: *Secret rotations due* (${(d.rotationsDue ?? []).length})`,
    (d.rotationsDue ?? []).map((r) => `${r.overdue ? ":rotating_light: *overdue* " : ""}${code(clampChars(r.secret, 200))} due ${slackDate(r.dueAt)}`),
    "secrets",
  );
  if (d.vulnerabilities) {
    const v = d.vulnerabilities;
    const counts = (["critical", "high", "medium", "low", "unknown"] as const).map((s) => `${v.bySeverity[s]} ${s}`).join(" · ");
    out.push({
      title: `:package: *Image vulnerabilities* across ${plural(v.imagesScanned, "image")}`,
      lines: null,
      text: counts + (v.newSincePrevious > 0 ? `\n${plural(v.newSincePrevious, "new vulnerability", "new vulnerabilities")} since the last digest` : ""),
      noun: "",
    });
  }
  list(
    `:chart_with_upwards_trend: *Metric breaches* (${(d.metricBreaches ?? []).length})`,
    (d.metricBreaches ?? []).map(
      (b) =>
        `${BREACH_EMOJI[b.severity]} ${escapeMrkdwn(clampChars(b.rule, 160))}: ${escapeMrkdwn(clampChars(b.value, 40))} (threshold ${escapeMrkdwn(clampChars(b.threshold, 40))})` +
        (b.since ? ` since ${slackDate(b.since)}` : ""),
    ),
    "breaches",
  );
  return out;
}

/** Room for the lists once the header, score line and closing context are counted. */
const LISTS_BUDGET = LIMITS.messageText - 1_200;

export function renderDigest(d: DigestInput): RenderedMessage {
  const env = escapeMrkdwn(d.environment);
  if (digestIsQuiet(d)) {
    const line = `${env}: no change since ${utcDay(d.period.from)}, score ${d.score ?? "n/a"}`;
    return finishMessage(line, [section(line)]);
  }
  const delta = scoreDelta(d.score, previousScore(d));
  const spark = sparkline(d.trend);
  const blocks: Block[] = [
    header(`${d.environment} digest · ${utcDay(d.period.from)} → ${utcDay(d.period.to)}`),
    section(
      `*Score ${scoreText(d.score)}*${delta ? ` ${delta}` : ""}` + (spark ? ` · trend ${spark} (last ${plural(d.trend.length, "run")})` : ""),
    ),
  ];
  // Each list gets a fair share of what is left, so a long first list cannot crowd out the rest.
  const all = digestParts(d);
  let left = LISTS_BUDGET;
  all.forEach((p, i) => {
    const share = Math.min(LIST_CHARS, Math.floor(left / (all.length - i))) - p.title.length - 1;
    const body = p.lines ? boundedList(p.lines, { maxChars: share, noun: p.noun, ...(p.maxLines ? { maxLines: p.maxLines } : {}) }) : (p.text ?? "");
    const text = `${p.title}\n${body}`;
    blocks.push(section(text));
    left -= text.length;
  });
  blocks.push(context(`Since the last digest, ${slackDate(d.period.from)}. ${code(`/harden audit ${d.environment}`)} runs a fresh audit.`));

  const summary = [`score ${scoreText(d.score)}${delta ? ` (${delta})` : ""}`, `${d.newFindings.length} new`, `${d.fixedFindings.length} fixed`];
  if (d.pendingApprovals.length > 0) summary.push(plural(d.pendingApprovals.length, "pending approval"));
  return finishMessage(`${env} digest: ${summary.join(", ")}`, blocks);
}

