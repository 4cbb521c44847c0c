// What goes into an environment's digest: the score and its trend, what is new and
// what got fixed since the last digest, the worst open findings, requests waiting
// for a decision and waivers about to lapse. The "last digest" is a marker row in
// the audit trail (action "digest.sent", details.runId = the run it covered), so a
// digest job that runs twice, or on another replica, compares against the same run.
import type { Waiver } from "../core/audit/waivers.js";
import { diffFindings } from "../core/audit/diff.js";
import { SEVERITIES } from "../core/checks/types.js";
import type { ApprovalRepository } from "../ports/approvals.js";
import type { ExceptionRecord, HistoryRepository, StoredFinding } from "../ports/history.js";
import { digestIsQuiet, type DigestApproval, type DigestInput, type DigestWaiver } from "../slack/renderers/digest.js";
import type { AuditTrail } from "./audit-trail.js";

export const DIGEST_SENT = "digest.sent";
const WAIVER_WARNING_MS = 7 * 24 * 3600_000;
const TOP_RISKS = 5;

export interface BuildDigestInput {
  environment: string;
  history: HistoryRepository;
  approvals: ApprovalRepository;
  now: Date;
  lookbackRuns?: number;
  /** Waivers from the config file, so their expiry is announced too. */
  configWaivers?: readonly Waiver[];
}

/** The digest, plus the run it covers: pass it to `markDigestSent` once the digest is posted. */
export type BuiltDigest = DigestInput & { coveredRunId: number | null };

interface Marker {
  at: string;
  runId: number | null;
}

async function lastMarker(history: HistoryRepository, environment: string): Promise<Marker | undefined> {
  const [row] = await history.listAuditTrail({ environment, actor: "system", action: DIGEST_SENT, limit: 1 });
  if (!row) return undefined;
  const runId = row.details["runId"];
  return { at: row.at, runId: typeof runId === "number" ? runId : null };
}

function scope(w: { namespace?: string | null; kind?: string | null; name?: string | null; container?: string | null; selector?: string | null; fingerprint?: string | null }): string {
  const parts: string[] = [];
  parts.push(w.namespace ? `namespace ${w.namespace}` : "every namespace");
  if (w.kind || w.name) parts.push([w.kind, w.name].filter(Boolean).join(" "));
  if (w.selector) parts.push(`selector ${w.selector}`);
  if (w.container) parts.push(`container ${w.container}`);
  if (w.fingerprint) parts.push(`finding ${w.fingerprint}`);
  return parts.join(" › ");
}

function expiringWaivers(db: readonly ExceptionRecord[], config: readonly Waiver[], now: Date): DigestWaiver[] {
  const soon = (iso: string) => {
    const t = Date.parse(iso);
    return t > now.getTime() && t <= now.getTime() + WAIVER_WARNING_MS;
  };
  return [
    ...db.filter((e) => soon(e.expiresAt)).map((e) => ({ checkId: e.checkId, scope: scope(e), owner: e.owner, expiresAt: e.expiresAt })),
    ...config.filter((w) => soon(w.expiresAt)).map((w) => ({ checkId: w.checkId, scope: scope(w), owner: w.owner, expiresAt: w.expiresAt })),
  ].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

const severityOrder = (f: StoredFinding) => SEVERITIES.indexOf(f.severity);

export async function buildDigest(input: BuildDigestInput): Promise<BuiltDigest> {
  const { environment, history, approvals, now } = input;
  const runs = await history.listRuns({ environment, kind: "audit", limit: input.lookbackRuns ?? 10 });
  const current = runs[0];
  const marker = await lastMarker(history, environment);

  let newFindings: StoredFinding[] = [];
  let fixedFindings: StoredFinding[] = [];
  let topRisks: StoredFinding[] = [];
  if (current) {
    const after = await history.findingsOf(current.id);
    // Since the run the last digest covered; before any digest, since the run before
    // this one. With neither, everything failing is new to the digest's readers.
    const baselineId = marker ? marker.runId : (runs[1]?.id ?? null);
    if (baselineId !== current.id) {
      const before = baselineId === null ? [] : await history.findingsOf(baselineId);
      const diff = diffFindings(before, after);
      newFindings = diff.new;
      fixedFindings = diff.fixed;
    }
    topRisks = after
      .filter((f) => f.status === "fail")
      .sort((a, b) => severityOrder(a) - severityOrder(b) || a.checkId.localeCompare(b.checkId) || a.fingerprint.localeCompare(b.fingerprint))
      .slice(0, TOP_RISKS);
  }

  const pending: DigestApproval[] = (await approvals.listPending(environment, now)).map((a) => ({
    id: a.id,
    kind: a.kind,
    summary: typeof a.payload["summary"] === "string" ? a.payload["summary"] : a.kind,
    requestedBy: a.requestedBy,
    expiresAt: a.expiresAt,
  }));
  const exceptions = await history.listExceptions({ environment, activeAt: now });

  const oldest = runs[runs.length - 1];
  return {
    environment,
    period: { from: marker?.at ?? oldest?.startedAt ?? now.toISOString(), to: now.toISOString() },
    score: current?.score ?? null,
    trend: runs.map((r) => r.score).reverse(),
    newFindings,
    fixedFindings,
    topRisks,
    pendingApprovals: pending,
    expiringWaivers: expiringWaivers(exceptions, input.configWaivers ?? [], now),
    coveredRunId: current?.id ?? null,
  };
}

/** Nothing a reader would act on changed: the digest is one line. */
export function isQuiet(input: DigestInput): boolean {
  return digestIsQuiet(input);
}

/** Records that the digest covering `runId` went out, so the next one starts from there. */
export async function markDigestSent(trail: AuditTrail, d: { environment: string; runId: number | null; channel: string; requestedBy?: string }): Promise<void> {
  await trail.record({
    actor: "system",
    action: DIGEST_SENT,
    environment: d.environment,
    target: d.runId === null ? null : `run ${d.runId}`,
    outcome: "ok",
    details: { runId: d.runId, channel: d.channel, ...(d.requestedBy ? { requestedBy: d.requestedBy } : {}) },
  });
}
