// Use case: audit one environment. Loads the snapshot through whatever source the
// caller wires in, applies config and database waivers, records the run, and
// returns the report with its diff against the previous run.
import { diffFindings, type FindingDiff } from "../core/audit/diff.js";
import { runAudit, type AuditReport, type Finding } from "../core/audit/engine.js";
import type { Waiver } from "../core/audit/waivers.js";
import type { AuditSettings } from "../core/checks/settings.js";
import type { CheckDefinition } from "../core/checks/types.js";
import type { ClusterSnapshot } from "../core/snapshot/types.js";
import type { ExceptionRecord, HistoryRepository, NewFinding, RunRecord, StoredFinding } from "../ports/history.js";

export interface RunAuditRequest {
  environment: string;
  loadSnapshot: () => Promise<ClusterSnapshot>;
  checks: readonly CheckDefinition[];
  settings: AuditSettings;
  configWaivers: readonly Waiver[];
  namespace?: string;
  requestedBy?: string;
  /** Keep passing results in the report (for `--include-passed`). */
  includePassed?: boolean;
}

export interface RunAuditDeps {
  /** Absent with `--no-db`: nothing is read or written. */
  history?: HistoryRepository;
  clock: () => Date;
}

export interface RunAuditResult {
  report: AuditReport;
  snapshot: ClusterSnapshot;
  run?: RunRecord;
  previous?: RunRecord;
  /** Null on the first recorded run of an environment. */
  diff: FindingDiff<StoredFinding | NewFinding> | null;
}

export function exceptionToWaiver(e: ExceptionRecord): Waiver {
  return {
    id: `db-${e.id}`,
    checkId: e.checkId,
    ...(e.namespace ? { namespace: e.namespace } : {}),
    ...(e.kind ? { kind: e.kind } : {}),
    ...(e.name ? { name: e.name } : {}),
    ...(e.selector ? { selector: e.selector } : {}),
    ...(e.container ? { container: e.container } : {}),
    ...(e.fingerprint ? { fingerprint: e.fingerprint } : {}),
    reason: e.reason,
    owner: e.owner,
    expiresAt: e.expiresAt,
    source: "database",
  };
}

export function toStoredFinding(f: Finding): NewFinding {
  return {
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    category: f.category,
    status: f.status,
    kind: f.resource.kind,
    namespace: f.resource.namespace ?? null,
    name: f.resource.name,
    container: f.resource.container ?? null,
    message: f.message,
  };
}

export async function auditEnvironment(request: RunAuditRequest, deps: RunAuditDeps): Promise<RunAuditResult> {
  const { history, clock } = deps;
  const snapshot = await request.loadSnapshot();
  const dbWaivers = history
    ? (await history.listExceptions({ environment: request.environment, activeAt: clock() })).map(exceptionToWaiver)
    : [];
  const report = runAudit(snapshot, {
    environment: request.environment,
    checks: request.checks,
    settings: request.settings,
    waivers: [...request.configWaivers, ...dbWaivers],
    ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
    ...(request.includePassed ? { includePassed: true } : {}),
    clock,
  });
  if (!history) return { report, snapshot, diff: null };

  const [previous] = await history.listRuns({ environment: request.environment, kind: "audit", limit: 1 });
  // Passing results are not stored: the run summary keeps their counts, and
  // diffs only need what is open.
  const stored = report.findings.filter((f) => f.status !== "pass").map(toStoredFinding);
  const run = await history.saveRun(
    {
      environment: request.environment,
      kind: "audit",
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      status: "succeeded",
      score: report.score,
      summary: {
        byStatus: report.summary.byStatus,
        bySeverity: report.summary.bySeverity,
        scoreByCategory: report.scoreByCategory,
        platform: report.platform.name,
        ...(request.namespace ? { namespace: request.namespace } : {}),
      },
      source: snapshot.source.description,
      ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
    },
    stored,
  );
  const diff = previous ? diffFindings<StoredFinding | NewFinding>(await history.findingsOf(previous.id), stored) : null;
  return { report, snapshot, run, ...(previous ? { previous } : {}), diff };
}

/** What changed between two recorded runs (defaults: the newest two). */
export async function diffRuns(history: HistoryRepository, environment: string, runA?: number, runB?: number) {
  let a: RunRecord | undefined;
  let b: RunRecord | undefined;
  if (runA !== undefined && runB !== undefined) {
    [a, b] = await Promise.all([history.getRun(runA), history.getRun(runB)]);
  } else {
    const runs = await history.listRuns({ environment, kind: "audit", limit: 2 });
    [b, a] = runs;
  }
  return { a, b, diff: a && b ? diffFindings(await history.findingsOf(a.id), await history.findingsOf(b.id)) : null };
}
