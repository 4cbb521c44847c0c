// The PostgreSQL store. Several processes (bot, workers) share one database, so
// migrations run under an advisory lock and decide-once relies on PostgreSQL
// re-checking the UPDATE's WHERE clause against the row a concurrent winner committed.
import { fileURLToPath } from "node:url";
import { asc, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { InputError, NotFoundError, UnavailableError } from "../../core/errors.js";
import type { ApprovalRepository, DecideResult } from "../../ports/approvals.js";
import type { HistoryRepository } from "../../ports/history.js";
import type { ScheduleRepository } from "../../ports/schedules.js";
import * as schema from "./pg-schema.js";
import { auditTrailWhere, awaitingOutcome, byRequestTime, decidable, exceptionsWhere, expiredPending, outcomeRefused, pendingWhere, runsWhere, undecided } from "./queries.js";
import type { Store } from "./store.js";
import { maskUrl, scrub } from "./url.js";
import {
  approvalValues,
  auditTrailValues,
  chunks,
  chunkSize,
  exceptionValues,
  findingValues,
  iso,
  isoDates,
  listLimit,
  runValues,
  scheduleChanges,
  scheduleValues,
  toApproval,
  toAuditTrail,
  toException,
  toFinding,
  toRun,
  toSchedule,
} from "./values.js";

const MIGRATIONS = fileURLToPath(new URL("../../../migrations/postgres", import.meta.url));
const { runs, findings, exceptions, auditTrail, approvals, schedules } = schema;
/** Any constant works as long as every harden process uses the same one ("harden" in ASCII). */
const MIGRATION_LOCK = "114767740298606";
/** The wire protocol counts bind parameters in 16 bits. */
const PG_MAX_PARAMS = 65535;

type Db = NodePgDatabase<typeof schema>;

type WithDates<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends string ? Date : Date | null };

/** ISO strings (already canonical, from values.ts) to the Dates timestamptz columns take. */
function dates<T extends object, K extends keyof T>(values: T, ...keys: K[]): WithDates<T, K> {
  const out = { ...values } as Record<string, unknown>;
  for (const k of keys) {
    const v = values[k];
    out[k as string] = typeof v === "string" ? new Date(v) : null;
  }
  return out as WithDates<T, K>;
}

/** Errors while connecting: bad credentials or a missing database are config problems, the rest may pass. */
function connectError(err: unknown, url: string): Error {
  const code = (err as { code?: string }).code ?? "";
  const message = `cannot open PostgreSQL store ${maskUrl(url)}: ${scrub((err as Error).message ?? String(err), url)}`;
  return code === "28P01" || code === "28000" || code === "3D000" ? new InputError(message) : new UnavailableError(message);
}

async function runMigrations(pool: pg.Pool, url: string): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw connectError(err, url);
  }
  let broken = false;
  try {
    // drizzle reads the applied-migrations table before its transaction; without the
    // lock two processes starting together would both replay the same migration.
    await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {
        // Dropping the connection releases a session lock too.
        broken = true;
      });
    }
  } catch (err) {
    throw new Error(`migrating PostgreSQL store ${maskUrl(url)} failed: ${scrub((err as Error).message ?? String(err), url)}`);
  } finally {
    client.release(broken);
  }
}

export interface PgStoreOptions {
  /** Errors of idle pooled connections (server restart). The pool drops the client either way. */
  onIdleError?: (err: Error) => void;
}

export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Without a listener an idle client's error would crash the process; the next query reports the outage.
  pool.on("error", options.onIdleError ?? (() => {}));
  try {
    await runMigrations(pool, url);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const db: Db = drizzle({ client: pool, schema });
  const findingChunk = chunkSize(PG_MAX_PARAMS, Object.keys(getTableColumns(findings)).length);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await pool.end();
  };

  const run = (row: typeof runs.$inferSelect) => toRun(isoDates(row));
  const exception = (row: typeof exceptions.$inferSelect) => toException(isoDates(row));
  const approval = (row: typeof approvals.$inferSelect) => toApproval(isoDates(row));
  const schedule = (row: typeof schedules.$inferSelect) => toSchedule(isoDates(row));

  const history: HistoryRepository = {
    async saveRun(input, rows) {
      const values = dates(runValues(input), "startedAt", "finishedAt");
      return db.transaction(async (tx) => {
        const [saved] = await tx.insert(runs).values(values).returning();
        if (!saved) throw new Error("insert into runs returned no row");
        for (const chunk of chunks(rows, findingChunk)) {
          await tx.insert(findings).values(chunk.map((f) => findingValues(f, saved.id)));
        }
        return run(saved);
      });
    },

    async getRun(id) {
      const [row] = await db.select().from(runs).where(eq(runs.id, id));
      return row ? run(row) : undefined;
    },

    async listRuns({ environment, kind, limit }) {
      const rows = await db
        .select()
        .from(runs)
        .where(runsWhere(runs, { environment, kind }))
        .orderBy(desc(runs.startedAt), desc(runs.id))
        .limit(listLimit(limit));
      return rows.map(run);
    },

    async findingsOf(runId) {
      const rows = await db.select().from(findings).where(eq(findings.runId, runId)).orderBy(asc(findings.id));
      return rows.map(toFinding);
    },

    async addException(e) {
      const [row] = await db.insert(exceptions).values(dates(exceptionValues(e), "expiresAt", "createdAt")).returning();
      if (!row) throw new Error("insert into exceptions returned no row");
      return exception(row);
    },

    async listExceptions({ environment, activeAt }) {
      const rows = await db
        .select()
        .from(exceptions)
        .where(exceptionsWhere(exceptions, environment, activeAt ? new Date(iso(activeAt, "activeAt")) : undefined))
        .orderBy(asc(exceptions.id));
      return rows.map(exception);
    },

    async removeException(id) {
      const rows = await db.delete(exceptions).where(eq(exceptions.id, id)).returning({ id: exceptions.id });
      return rows.length > 0;
    },

    async appendAuditTrail(entry) {
      await db.insert(auditTrail).values(dates(auditTrailValues(entry), "at"));
    },

    async listAuditTrail({ environment, actor, action, limit }) {
      const rows = await db
        .select()
        .from(auditTrail)
        .where(auditTrailWhere(auditTrail, { environment, actor, action }))
        .orderBy(desc(auditTrail.at), desc(auditTrail.id))
        .limit(listLimit(limit));
      return rows.map((r) => toAuditTrail(isoDates(r)));
    },

    close,
  };

  const getApproval = async (id: string) => {
    const [row] = await db.select().from(approvals).where(eq(approvals.id, id));
    return row ? approval(row) : undefined;
  };

  const approvalRepo: ApprovalRepository = {
    async create(input) {
      const [row] = await db.insert(approvals).values(dates(approvalValues(input), "requestedAt", "expiresAt", "decidedAt")).returning();
      if (!row) throw new Error("insert into approvals returned no row");
      return approval(row);
    },

    get: getApproval,

    async decide(id, { decision, by, at }): Promise<DecideResult> {
      const when = new Date(iso(at, "at"));
      const [decided] = await db
        .update(approvals)
        .set({ status: decision, decidedBy: by, decidedAt: when })
        .where(decidable(approvals, id, when))
        .returning();
      if (decided) return { ok: true, request: approval(decided) };
      const [expired] = await db
        .update(approvals)
        .set({ status: "expired" })
        .where(expiredPending(approvals, when, id))
        .returning();
      if (expired) return { ok: false, reason: "expired", request: approval(expired) };
      return undecided(await getApproval(id));
    },

    async recordOutcome(id, status, outcome) {
      const [row] = await db
        .update(approvals)
        .set({ status, outcome })
        .where(awaitingOutcome(approvals, id))
        .returning();
      if (row) return approval(row);
      throw outcomeRefused(id, await getApproval(id));
    },

    async attachMessage(id, channel, ts) {
      const rows = await db.update(approvals).set({ channel, messageTs: ts }).where(eq(approvals.id, id)).returning({ id: approvals.id });
      if (rows.length === 0) throw new NotFoundError(`approval ${id} not found`);
    },

    async listPending(environment, now) {
      const rows = await db
        .select()
        .from(approvals)
        .where(pendingWhere(approvals, environment, new Date(iso(now, "now"))))
        .orderBy(asc(approvals.requestedAt), asc(approvals.id));
      return rows.map(approval);
    },

    async expireDue(now) {
      const rows = await db
        .update(approvals)
        .set({ status: "expired" })
        .where(expiredPending(approvals, new Date(iso(now, "now"))))
        .returning();
      return rows.map(approval).sort(byRequestTime);
    },
  };

  const scheduleRepo: ScheduleRepository = {
    async upsert(input) {
      const [row] = await db
        .insert(schedules)
        .values(dates(scheduleValues(input), "createdAt"))
        .onConflictDoUpdate({ target: schedules.id, set: scheduleChanges(input) })
        .returning();
      if (!row) throw new Error("upsert into schedules returned no row");
      return schedule(row);
    },

    async list(environment) {
      const rows = await db
        .select()
        .from(schedules)
        .where(environment === undefined ? undefined : eq(schedules.environment, environment))
        // Byte order, as SQLite sorts, whatever the database's collation.
        .orderBy(sql`${schedules.id} collate "C"`);
      return rows.map(schedule);
    },

    async remove(id) {
      const rows = await db.delete(schedules).where(eq(schedules.id, id)).returning({ id: schedules.id });
      return rows.length > 0;
    },
  };

  return { history, approvals: approvalRepo, schedules: scheduleRepo, close };
}
