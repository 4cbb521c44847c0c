// What the use cases need from the history store. One interface, two drizzle
// implementations (SQLite embedded default, PostgreSQL), one contract test suite.
import type { FindingStatus, Severity } from "../core/checks/types.js";

/** Every job kind writes a run; audit runs carry findings, the other kinds their own tables. */
export type RunKind = "audit" | "scan" | "metrics" | "rotation";

export interface NewRun {
  environment: string;
  kind: RunKind;
  startedAt: string;
  finishedAt: string;
  status: "succeeded" | "failed";
  score: number | null;
  /** Counts and other small JSON the digest and trends read (never secret values). */
  summary: Record<string, unknown>;
  /** Where the data came from: "live context prod-admin", "files ./examples/cluster". */
  source: string;
  requestedBy?: string;
}

export interface RunRecord extends NewRun {
  id: number;
}

export interface NewFinding {
  fingerprint: string;
  checkId: string;
  title: string;
  severity: Severity;
  category: string;
  status: FindingStatus;
  kind: string;
  namespace: string | null;
  name: string;
  container: string | null;
  message: string;
}

export interface StoredFinding extends NewFinding {
  runId: number;
}

export interface NewException {
  environment: string | null;
  checkId: string;
  namespace: string | null;
  kind: string | null;
  name: string | null;
  selector: string | null;
  container: string | null;
  fingerprint: string | null;
  reason: string;
  owner: string;
  expiresAt: string;
  createdBy: string;
  createdAt: string;
}

export interface ExceptionRecord extends NewException {
  id: number;
}

export interface AuditTrailEntry {
  at: string;
  /** Slack user id, "cli:<os user>", or "system". */
  actor: string;
  action: string;
  environment: string | null;
  target: string | null;
  outcome: "ok" | "denied" | "failed" | "queued";
  details: Record<string, unknown>;
}

export interface HistoryRepository {
  /** Writes the run and its findings in one transaction, findings in bind-safe chunks. */
  saveRun(run: NewRun, findings: readonly NewFinding[]): Promise<RunRecord>;
  getRun(id: number): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(filter: { environment: string; kind?: RunKind; limit?: number }): Promise<RunRecord[]>;
  findingsOf(runId: number): Promise<StoredFinding[]>;

  addException(exception: NewException): Promise<ExceptionRecord>;
  /** Exceptions for the environment (and global ones); `activeAt` drops expired ones. */
  listExceptions(filter: { environment?: string; activeAt?: Date }): Promise<ExceptionRecord[]>;
  removeException(id: number): Promise<boolean>;

  appendAuditTrail(entry: AuditTrailEntry): Promise<void>;
  /** Newest first. */
  listAuditTrail(filter: { environment?: string; actor?: string; action?: string; limit?: number }): Promise<AuditTrailEntry[]>;

  close(): Promise<void>;
}
