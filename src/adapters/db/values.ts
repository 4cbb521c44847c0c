// Validation and row mapping shared by the SQLite and PostgreSQL repositories, so
// both dialects accept and return exactly the same shapes.
import { randomBytes } from "node:crypto";
import { InputError } from "../../core/errors.js";
import type { ApprovalRequest, NewApprovalRequest } from "../../ports/approvals.js";
import type {
  AuditTrailEntry,
  ExceptionRecord,
  NewException,
  NewFinding,
  NewRun,
  RunRecord,
  StoredFinding,
} from "../../ports/history.js";
import type { Schedule } from "../../ports/schedules.js";
import type * as s from "./sqlite-schema.js";

/**
 * Canonical ISO-8601 (`2024-05-01T10:00:00.000Z`). SQLite compares timestamps as
 * text, which orders correctly only when every value has this one spelling, and
 * PostgreSQL returns this spelling too, so both stores read back the same strings.
 */
export function iso(value: string | Date, field: string): string {
  const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(ms)) throw new InputError(`${field} is not a valid timestamp: ${String(value)}`);
  return new Date(ms).toISOString();
}

export const DEFAULT_LIST_LIMIT = 100;

export function listLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new InputError(`limit must be a positive integer, got ${limit}`);
  return limit;
}

/** Rows per INSERT so that rows x columns stays under the driver's bind-parameter ceiling. */
export function chunkSize(maxParams: number, columnsPerRow: number): number {
  return Math.max(1, Math.floor(maxParams / columnsPerRow));
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export function newApprovalId(): string {
  return `apr_${randomBytes(10).toString("hex")}`;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function assertScheduleId(id: string): void {
  if (!KEBAB.test(id)) throw new InputError(`schedule id must be kebab-case (a-z, 0-9, single dashes), got "${id}"`);
}

export function assertScore(score: number | null): void {
  if (score !== null && !Number.isFinite(score)) throw new InputError(`run score must be a finite number or null, got ${score}`);
}

// Explicit column lists: a caller passing a wider object (a record with its id) must
// not write columns it does not own.
export function runValues(run: NewRun) {
  assertScore(run.score);
  return {
    environment: run.environment,
    kind: run.kind,
    startedAt: iso(run.startedAt, "startedAt"),
    finishedAt: iso(run.finishedAt, "finishedAt"),
    status: run.status,
    score: run.score,
    summary: run.summary,
    source: run.source,
    requestedBy: run.requestedBy ?? null,
  };
}

export function findingValues(f: NewFinding, runId: number) {
  return {
    runId,
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    category: f.category,
    status: f.status,
    kind: f.kind,
    namespace: f.namespace ?? null,
    name: f.name,
    container: f.container ?? null,
    message: f.message,
  };
}

export function exceptionValues(e: NewException) {
  return {
    environment: e.environment ?? null,
    checkId: e.checkId,
    namespace: e.namespace ?? null,
    kind: e.kind ?? null,
    name: e.name ?? null,
    selector: e.selector ?? null,
    container: e.container ?? null,
    fingerprint: e.fingerprint ?? null,
    reason: e.reason,
    owner: e.owner,
    expiresAt: iso(e.expiresAt, "expiresAt"),
    createdBy: e.createdBy,
    createdAt: iso(e.createdAt, "createdAt"),
  };
}

export function auditTrailValues(entry: AuditTrailEntry) {
  return {
    at: iso(entry.at, "at"),
    actor: entry.actor,
    action: entry.action,
    environment: entry.environment ?? null,
    target: entry.target ?? null,
    outcome: entry.outcome,
    details: entry.details,
  };
}

export function approvalValues(input: NewApprovalRequest) {
  return {
    id: newApprovalId(),
    environment: input.environment,
    kind: input.kind,
    status: "pending" as const,
    requestedBy: input.requestedBy,
    requestedAt: iso(input.requestedAt, "requestedAt"),
    expiresAt: iso(input.expiresAt, "expiresAt"),
    decidedBy: null,
    decidedAt: null,
    payload: input.payload,
    channel: input.channel ?? null,
    messageTs: input.messageTs ?? null,
    outcome: null,
  };
}

export function scheduleValues(schedule: Schedule) {
  assertScheduleId(schedule.id);
  return {
    id: schedule.id,
    environment: schedule.environment,
    kind: schedule.kind,
    cron: schedule.cron,
    timezone: schedule.timezone,
    source: schedule.source,
    createdBy: schedule.createdBy,
    createdAt: iso(schedule.createdAt, "createdAt"),
  };
}

/** What a repeated upsert may change; who created the schedule and when stays as first written. */
export function scheduleChanges(schedule: Schedule) {
  return { environment: schedule.environment, kind: schedule.kind, cron: schedule.cron, timezone: schedule.timezone, source: schedule.source };
}

// Row types with timestamps as ISO strings: SQLite's rows as they are, PostgreSQL's after isoDates().
export type RunRow = typeof s.runs.$inferSelect;
export type FindingRow = typeof s.findings.$inferSelect;
export type ExceptionRow = typeof s.exceptions.$inferSelect;
export type AuditTrailRow = typeof s.auditTrail.$inferSelect;
export type ApprovalRow = typeof s.approvals.$inferSelect;
export type ScheduleRow = typeof s.schedules.$inferSelect;

export type IsoDates<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export function isoDates<T extends object>(row: T): IsoDates<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out as IsoDates<T>;
}

export function toRun(row: RunRow): RunRecord {
  const { requestedBy, ...rest } = row;
  return requestedBy === null ? rest : { ...rest, requestedBy };
}

export function toFinding(row: FindingRow): StoredFinding {
  const { id: _id, ...rest } = row;
  return rest;
}

export function toException(row: ExceptionRow): ExceptionRecord {
  return row;
}

export function toAuditTrail(row: AuditTrailRow): AuditTrailEntry {
  const { id: _id, ...rest } = row;
  return rest;
}

export function toApproval(row: ApprovalRow): ApprovalRequest {
  return row;
}

export function toSchedule(row: ScheduleRow): Schedule {
  return row;
}
