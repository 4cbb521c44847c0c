// Query conditions and result rules both stores share. drizzle's operators are the
// same for every dialect; only how a statement runs (synchronously in SQLite,
// awaited in PostgreSQL) and how timestamps bind (ISO text, Date) differ, so the
// stores pass their own tables and time values in and keep the execution.
import { and, eq, gt, isNull, lte, or, type Column, type SQL } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../../core/errors.js";
import type { ApprovalRequest, DecideResult } from "../../ports/approvals.js";

export function runsWhere(t: { environment: Column; kind: Column }, q: { environment: string; kind?: string }): SQL | undefined {
  const where: SQL[] = [eq(t.environment, q.environment)];
  if (q.kind) where.push(eq(t.kind, q.kind));
  return and(...where);
}

/** Exceptions of the environment or of every environment; `activeAfter` drops those expired by then. */
export function exceptionsWhere<Time>(t: { environment: Column; expiresAt: Column }, environment: string | undefined, activeAfter: Time | undefined): SQL | undefined {
  const where: (SQL | undefined)[] = [];
  if (environment !== undefined) where.push(or(eq(t.environment, environment), isNull(t.environment)));
  if (activeAfter !== undefined) where.push(gt(t.expiresAt, activeAfter));
  return and(...where);
}

export function auditTrailWhere(t: { environment: Column; actor: Column; action: Column }, q: { environment?: string; actor?: string; action?: string }): SQL | undefined {
  const where: SQL[] = [];
  if (q.environment !== undefined) where.push(eq(t.environment, q.environment));
  if (q.actor !== undefined) where.push(eq(t.actor, q.actor));
  if (q.action !== undefined) where.push(eq(t.action, q.action));
  return and(...where);
}

type ApprovalColumns = { id: Column; status: Column; expiresAt: Column; environment: Column };

/** The request, still pending and not yet expired at `when`: the only row a decision may change. */
export function decidable<Time>(t: ApprovalColumns, id: string, when: Time): SQL | undefined {
  return and(eq(t.id, id), eq(t.status, "pending"), gt(t.expiresAt, when));
}

/** The request, approved and not yet carried out: the only row an outcome may change. */
export function awaitingOutcome(t: ApprovalColumns, id: string): SQL | undefined {
  return and(eq(t.id, id), eq(t.status, "approved"));
}

/** Pending requests whose time ran out by `when` (one, or all of them without an id). */
export function expiredPending<Time>(t: ApprovalColumns, when: Time, id?: string): SQL | undefined {
  return and(...(id === undefined ? [] : [eq(t.id, id)]), eq(t.status, "pending"), lte(t.expiresAt, when));
}

export function pendingWhere<Time>(t: ApprovalColumns, environment: string | undefined, now: Time): SQL | undefined {
  const where: SQL[] = [eq(t.status, "pending"), gt(t.expiresAt, now)];
  if (environment !== undefined) where.push(eq(t.environment, environment));
  return and(...where);
}

/** Why a decision changed nothing, once neither the decision nor the expiry updated the row. */
export function undecided(current: ApprovalRequest | undefined): DecideResult {
  if (!current) return { ok: false, reason: "not_found" };
  return { ok: false, reason: current.status === "expired" ? "expired" : "already_decided", request: current };
}

/** Why an outcome could not be recorded: the request is unknown, or not (or no longer) approved. */
export function outcomeRefused(id: string, current: ApprovalRequest | undefined): Error {
  if (!current) return new NotFoundError(`approval ${id} not found`);
  return new ConflictError(`approval ${id} is ${current.status}; only an approved request can record an outcome`);
}

/** Oldest request first, then by id, whatever order the database returned rows in. */
export const byRequestTime = (a: ApprovalRequest, b: ApprovalRequest): number => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id);
