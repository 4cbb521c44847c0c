// Recurring jobs, whether declared in config or added from Slack. The id is stable
// so the queue's job scheduler can be upserted under it and a restart never doubles
// a schedule.

export type ScheduleKind = "digest" | "audit" | "scan" | "metrics";

export interface Schedule {
  /** Stable kebab-case id ("prod-nightly-audit"). */
  id: string;
  environment: string;
  kind: ScheduleKind;
  /** Five-field cron expression, evaluated in `timezone`. */
  cron: string;
  /** IANA zone ("Europe/Paris", "UTC"). */
  timezone: string;
  source: "config" | "slack";
  createdBy: string;
  /** ISO-8601. */
  createdAt: string;
}

export interface ScheduleRepository {
  /**
   * Inserts, or updates environment, kind, cron, timezone and source of the schedule
   * with this id; the original createdBy and createdAt are kept. InputError when the
   * id is not kebab-case.
   */
  upsert(schedule: Schedule): Promise<Schedule>;
  /** Ordered by id. */
  list(environment?: string): Promise<Schedule[]>;
  /** False when there was nothing to remove. */
  remove(id: string): Promise<boolean>;
}
