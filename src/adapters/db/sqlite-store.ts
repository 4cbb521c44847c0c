// The embedded store: better-sqlite3 is synchronous, so every method runs to
// completion before the next starts and a conditional UPDATE is trivially atomic.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { asc, desc, eq, getTableColumns } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { InputError, NotFoundError } from "../../core/errors.js";
import type { ApprovalRepository, DecideResult } from "../../ports/approvals.js";
import type { HistoryRepository } from "../../ports/history.js";
import type { ScheduleRepository } from "../../ports/schedules.js";
import { GroupCommit } from "../group-commit.js";
import { auditTrailWhere, awaitingOutcome, byRequestTime, decidable, exceptionsWhere, expiredPending, outcomeRefused, pendingWhere, runsWhere, undecided } from "./queries.js";
import * as schema from "./sqlite-schema.js";
import type { Store } from "./store.js";
import {
  approvalValues,
  auditTrailValues,
  chunks,
  chunkSize,
  exceptionValues,
  findingValues,
  iso,
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

const MIGRATIONS = fileURLToPath(new URL("../../../migrations/sqlite", import.meta.url));
const { runs, findings, exceptions, auditTrail, approvals, schedules } = schema;

type Db = BetterSQLite3Database<typeof schema>;

/** SQLite before 3.32 allowed 999 bound parameters per statement; later builds 32766. */
function maxParams(sqlite: Database.Database): number {
  const version = sqlite.prepare("select sqlite_version() as v").get() as { v: string };
  const [major = 0, minor = 0] = version.v.split(".").map(Number);
  return major > 3 || (major === 3 && minor >= 32) ? 32766 : 999;
}

function open(file: string): Database.Database {
  let sqlite: Database.Database;
  try {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new InputError(`cannot open SQLite database at ${file}: ${(err as Error).message}`);
  }
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

// Trail rows recorded within this window share one commit (see ../group-commit.ts).
const TRAIL_COMMIT_WINDOW_MS = 20;

// How long a statement waits for another process's write lock before failing.
const BUSY_TIMEOUT_MS = 5000;

/**
 * Runs `fn` while holding the write lock of a sidecar database next to `file`,
 * so that processes starting together migrate one after another. The store's own
 * file cannot be the lock: drizzle reads the applied-migrations table before its
 * BEGIN, so a second process may replay a migration the first is committing, and
 * a deferred transaction that reads the schema then writes gets SQLITE_BUSY at
 * once rather than waiting. BEGIN IMMEDIATE on another file waits its turn.
 */
function withMigrationLock<T>(file: string, fn: () => T): T {
  if (file === ":memory:") return fn();
  const lock = new Database(`${file}.migrate-lock`, { timeout: 60_000 });
  try {
    lock.exec("BEGIN IMMEDIATE");
    try {
      return fn();
    } finally {
      lock.exec("COMMIT");
    }
  } finally {
    lock.close();
  }
}

function prepareSchema(sqlite: Database.Database, db: Db, file: string): void {
  withMigrationLock(file, () => {
    // WAL lets the bot read while a worker writes. Switching needs the file to itself, hence under the lock.
    if (file !== ":memory:") sqlite.pragma("journal_mode = WAL");
    migrate(db, { migrationsFolder: MIGRATIONS });
  });
}

export function openSqliteStore(file: string): Store {
  const sqlite = open(file);
  const db: Db = drizzle({ client: sqlite, schema });
  try {
    prepareSchema(sqlite, db, file);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const findingChunk = chunkSize(maxParams(sqlite), Object.keys(getTableColumns(findings)).length);
  // Every slash command writes a trail row on the bot's event loop; a statement
  // prepared once costs a fraction of building the query through drizzle each time.
  const insertTrail = sqlite.prepare(
    "INSERT INTO audit_trail (at, actor, action, environment, target, outcome, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const trailRows = new GroupCommit<unknown[]>(
    sqlite.transaction((rows: readonly unknown[][]) => {
      for (const values of rows) insertTrail.run(values);
    }),
    TRAIL_COMMIT_WINDOW_MS,
  );
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    trailRows.flush();
    sqlite.close();
  };

  const history: HistoryRepository = {
    async saveRun(run, rows) {
      const values = runValues(run);
      return db.transaction(
        (tx) => {
          const saved = tx.insert(runs).values(values).returning().get();
          for (const chunk of chunks(rows, findingChunk)) {
            tx.insert(findings)
              .values(chunk.map((f) => findingValues(f, saved.id)))
              .run();
          }
          return toRun(saved);
        },
        { behavior: "immediate" },
      );
    },

    async getRun(id) {
      const row = db.select().from(runs).where(eq(runs.id, id)).get();
      return row ? toRun(row) : undefined;
    },

    async listRuns({ environment, kind, limit }) {
      return db
        .select()
        .from(runs)
        .where(runsWhere(runs, { environment, kind }))
        .orderBy(desc(runs.startedAt), desc(runs.id))
        .limit(listLimit(limit))
        .all()
        .map(toRun);
    },

    async findingsOf(runId) {
      return db.select().from(findings).where(eq(findings.runId, runId)).orderBy(asc(findings.id)).all().map(toFinding);
    },

    async addException(e) {
      const row = db
        .insert(exceptions)
        .values(exceptionValues(e))
        .returning()
        .get();
      return toException(row);
    },

    async listExceptions({ environment, activeAt }) {
      return db
        .select()
        .from(exceptions)
        .where(exceptionsWhere(exceptions, environment, activeAt ? iso(activeAt, "activeAt") : undefined))
        .orderBy(asc(exceptions.id))
        .all()
        .map(toException);
    },

    async removeException(id) {
      return db.delete(exceptions).where(eq(exceptions.id, id)).returning({ id: exceptions.id }).all().length > 0;
    },

    async appendAuditTrail(entry) {
      const row = auditTrailValues(entry);
      return trailRows.add([row.at, row.actor, row.action, row.environment, row.target, row.outcome, JSON.stringify(row.details)]);
    },

    async listAuditTrail({ environment, actor, action, limit }) {
      trailRows.flush(); // a reader sees every row recorded before it asked
      return db
        .select()
        .from(auditTrail)
        .where(auditTrailWhere(auditTrail, { environment, actor, action }))
        .orderBy(desc(auditTrail.at), desc(auditTrail.id))
        .limit(listLimit(limit))
        .all()
        .map(toAuditTrail);
    },

    close,
  };

  const getApproval = (id: string) => {
    const row = db.select().from(approvals).where(eq(approvals.id, id)).get();
    return row ? toApproval(row) : undefined;
  };

  const approvalRepo: ApprovalRepository = {
    async create(input) {
      const row = db
        .insert(approvals)
        .values(approvalValues(input))
        .returning()
        .get();
      return toApproval(row);
    },

    async get(id) {
      return getApproval(id);
    },

    async decide(id, { decision, by, at }): Promise<DecideResult> {
      const when = iso(at, "at");
      const decided = db
        .update(approvals)
        .set({ status: decision, decidedBy: by, decidedAt: when })
        .where(decidable(approvals, id, when))
        .returning()
        .get();
      if (decided) return { ok: true, request: toApproval(decided) };
      const expired = db
        .update(approvals)
        .set({ status: "expired" })
        .where(expiredPending(approvals, when, id))
        .returning()
        .get();
      if (expired) return { ok: false, reason: "expired", request: toApproval(expired) };
      return undecided(getApproval(id));
    },

    async recordOutcome(id, status, outcome) {
      const row = db
        .update(approvals)
        .set({ status, outcome })
        .where(awaitingOutcome(approvals, id))
        .returning()
        .get();
      if (row) return toApproval(row);
      throw outcomeRefused(id, getApproval(id));
    },

    async attachMessage(id, channel, ts) {
      const row = db.update(approvals).set({ channel, messageTs: ts }).where(eq(approvals.id, id)).returning({ id: approvals.id }).get();
      if (!row) throw new NotFoundError(`approval ${id} not found`);
    },

    async listPending(environment, now) {
      return db
        .select()
        .from(approvals)
        .where(pendingWhere(approvals, environment, iso(now, "now")))
        .orderBy(asc(approvals.requestedAt), asc(approvals.id))
        .all()
        .map(toApproval);
    },

    async expireDue(now) {
      return db
        .update(approvals)
        .set({ status: "expired" })
        .where(expiredPending(approvals, iso(now, "now")))
        .returning()
        .all()
        .map(toApproval)
        .sort(byRequestTime);
    },
  };

  const scheduleRepo: ScheduleRepository = {
    async upsert(schedule) {
      const row = db
        .insert(schedules)
        .values(scheduleValues(schedule))
        .onConflictDoUpdate({ target: schedules.id, set: scheduleChanges(schedule) })
        .returning()
        .get();
      return toSchedule(row);
    },

    async list(environment) {
      return db
        .select()
        .from(schedules)
        .where(environment === undefined ? undefined : eq(schedules.environment, environment))
        .orderBy(asc(schedules.id))
        .all()
        .map(toSchedule);
    },

    async remove(id) {
      return db.delete(schedules).where(eq(schedules.id, id)).returning({ id: schedules.id }).all().length > 0;
    },
  };

  return { history, approvals: approvalRepo, schedules: scheduleRepo, close };
}
