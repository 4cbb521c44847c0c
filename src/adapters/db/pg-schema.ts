// PostgreSQL tables. Same shape as sqlite-schema.ts; timestamps are timestamptz read
// as Dates and turned back into ISO strings by the repository.
// Only type imports: drizzle-kit loads this file on its own.
import { bigint, doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { FindingStatus, Severity } from "../../core/checks/types.js";
import type { ApprovalKind, ApprovalStatus } from "../../ports/approvals.js";
import type { AuditTrailEntry, NewRun, RunKind } from "../../ports/history.js";
import type { Schedule, ScheduleKind } from "../../ports/schedules.js";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const runs = pgTable(
  "runs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    environment: text("environment").notNull(),
    kind: text("kind").$type<RunKind>().notNull(),
    startedAt: tstz("started_at").notNull(),
    finishedAt: tstz("finished_at").notNull(),
    status: text("status").$type<NewRun["status"]>().notNull(),
    score: doublePrecision("score"),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
    source: text("source").notNull(),
    requestedBy: text("requested_by"),
  },
  (t) => [index("runs_environment_started_idx").on(t.environment, t.startedAt)],
);

export const findings = pgTable(
  "findings",
  {
    // Thousands of rows per audit run add up over years of scheduled audits.
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
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

export const exceptions = pgTable(
  "exceptions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
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
    expiresAt: tstz("expires_at").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: tstz("created_at").notNull(),
  },
  (t) => [index("exceptions_environment_idx").on(t.environment)],
);

export const auditTrail = pgTable(
  "audit_trail",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: tstz("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    environment: text("environment"),
    target: text("target"),
    outcome: text("outcome").$type<AuditTrailEntry["outcome"]>().notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("audit_trail_at_idx").on(t.at)],
);

export const approvals = pgTable(
  "approvals",
  {
    id: text("id").primaryKey(),
    environment: text("environment").notNull(),
    kind: text("kind").$type<ApprovalKind>().notNull(),
    status: text("status").$type<ApprovalStatus>().notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedAt: tstz("requested_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    decidedBy: text("decided_by"),
    decidedAt: tstz("decided_at"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    channel: text("channel"),
    messageTs: text("message_ts"),
    outcome: text("outcome"),
  },
  (t) => [index("approvals_status_expires_idx").on(t.status, t.expiresAt)],
);

export const schedules = pgTable("schedules", {
  id: text("id").primaryKey(),
  environment: text("environment").notNull(),
  kind: text("kind").$type<ScheduleKind>().notNull(),
  cron: text("cron").notNull(),
  timezone: text("timezone").notNull(),
  source: text("source").$type<Schedule["source"]>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: tstz("created_at").notNull(),
});
