// SQLite tables (the embedded default). Timestamps are canonical ISO-8601 text
// (`Date#toISOString`), written only through `iso()` so text comparison orders them.
// Only type imports: drizzle-kit loads this file on its own.
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { FindingStatus, Severity } from "../../core/checks/types.js";
import type { ApprovalKind, ApprovalStatus } from "../../ports/approvals.js";
import type { AuditTrailEntry, NewRun, RunKind } from "../../ports/history.js";
import type { ScheduleKind, Schedule } from "../../ports/schedules.js";

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environment: text("environment").notNull(),
    kind: text("kind").$type<RunKind>().notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at").notNull(),
    status: text("status").$type<NewRun["status"]>().notNull(),
    score: real("score"),
    summary: text("summary", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    source: text("source").notNull(),
    requestedBy: text("requested_by"),
  },
  (t) => [index("runs_environment_started_idx").on(t.environment, t.startedAt)],
);

export const findings = sqliteTable(
  "findings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    fingerprint: text("fingerprint").notNull(),
    checkId: text("check_id").notNull(),
    title: text("title").notNull(),
    severity: text("severity").$type<Severity>().notNull(),
    category: text("category").notNull(),
    status: text("status").$type<FindingStatus>().notNull(),
    kind: text("kind").notNull(),
    namespace: text("namespace"),
    name: text("name").notNull(),
    container: text("container"),
    message: text("message").notNull(),
  },
  (t) => [index("findings_run_id_idx").on(t.runId), index("findings_fingerprint_idx").on(t.fingerprint)],
);

export const exceptions = sqliteTable(
  "exceptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Null: applies to every environment. */
    environment: text("environment"),
    checkId: text("check_id").notNull(),
    namespace: text("namespace"),
    kind: text("kind"),
    name: text("name"),
    selector: text("selector"),
    container: text("container"),
    fingerprint: text("fingerprint"),
    reason: text("reason").notNull(),
    owner: text("owner").notNull(),
    expiresAt: text("expires_at").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("exceptions_environment_idx").on(t.environment)],
);

export const auditTrail = sqliteTable(
  "audit_trail",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    environment: text("environment"),
    target: text("target"),
    outcome: text("outcome").$type<AuditTrailEntry["outcome"]>().notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("audit_trail_at_idx").on(t.at)],
);

export const approvals = sqliteTable(
  "approvals",
  {
    id: text("id").primaryKey(),
    environment: text("environment").notNull(),
    kind: text("kind").$type<ApprovalKind>().notNull(),
    status: text("status").$type<ApprovalStatus>().notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedAt: text("requested_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    decidedBy: text("decided_by"),
    decidedAt: text("decided_at"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    channel: text("channel"),
    messageTs: text("message_ts"),
    outcome: text("outcome"),
  },
  (t) => [index("approvals_status_expires_idx").on(t.status, t.expiresAt)],
);

export const schedules = sqliteTable("schedules", {
  id: text("id").primaryKey(),
  environment: text("environment").notNull(),
  kind: text("kind").$type<ScheduleKind>().notNull(),
  cron: text("cron").notNull(),
  timezone: text("timezone").notNull(),
  source: text("source").$type<Schedule["source"]>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
});
