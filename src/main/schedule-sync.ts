// Start-up reconciliation of recurring jobs with the queue's job schedulers. The
// config's schedules are upserted under their stable ids (so every replica may do
// it at every start without doubling anything); schedules added from Slack live in
// the database and already have their scheduler, which is recreated only when Redis
// lost it; any other harden scheduler is one nobody wants any more and is removed.
import type { JobLogger } from "../../jobs/define.js";
import type { HardenConfig } from "../core/config/schema.js";
import type { JobScheduler, ScheduleSpec } from "../ports/job-queue.js";
import type { Schedule, ScheduleRepository } from "../ports/schedules.js";

export interface ScheduleSyncDeps {
  config: HardenConfig;
  scheduler: JobScheduler;
  schedules: ScheduleRepository;
  jobKinds: ReadonlySet<string>;
  log: JobLogger;
}

export interface ScheduleSyncResult {
  upserted: string[];
  removed: string[];
  /** Kinds this version has no job for (scan, metrics until their issues land). */
  skipped: string[];
}

type Wanted = Pick<Schedule, "id" | "environment" | "kind" | "cron" | "timezone">;

/** What the job of each kind is asked to do; ids only, and the schedule's own id so a digest is posted once per firing. */
export function specOf(s: Wanted, config: HardenConfig): ScheduleSpec {
  const requestedBy = `schedule:${s.id}`;
  const channel = config.environments[s.environment]?.channel;
  const payload =
    s.kind === "digest"
      ? { environment: s.environment, scheduleId: s.id, requestedBy, ...(channel ? { channel } : {}) }
      : { environment: s.environment, requestedBy, ...(channel ? { channel } : {}) };
  return { id: s.id, kind: s.kind, cron: s.cron, timezone: s.timezone, payload };
}

export async function syncSchedules(deps: ScheduleSyncDeps): Promise<ScheduleSyncResult> {
  const { config, scheduler, log } = deps;
  const result: ScheduleSyncResult = { upserted: [], removed: [], skipped: [] };
  const fromConfig = new Set(config.schedules.map((s) => s.id));
  const stored = (await deps.schedules.list()).filter((s) => !fromConfig.has(s.id));
  const existing = await scheduler.list();
  const present = new Set(existing.map((e) => e.id));
  const runnable = (s: Wanted) => {
    if (deps.jobKinds.has(s.kind)) return true;
    result.skipped.push(s.id);
    log.warn({ schedule: s.id, kind: s.kind }, "schedule skipped: this version has no job of its kind");
    return false;
  };

  for (const s of config.schedules.filter(runnable)) {
    await scheduler.upsert(specOf(s, config));
    result.upserted.push(s.id);
  }
  for (const s of stored.filter(runnable)) {
    if (present.has(s.id)) continue;
    // Redis lost it (a new Redis, a flush): the environment's channel is the best we know.
    if (!config.environments[s.environment]?.channel) {
      log.warn({ schedule: s.id }, "schedule from Slack could not be recreated: its environment has no channel; add it again");
      continue;
    }
    await scheduler.upsert(specOf(s, config));
    result.upserted.push(s.id);
  }
  const wanted = new Set([...fromConfig, ...stored.map((s) => s.id)]);
  for (const e of existing) {
    if (wanted.has(e.id)) continue;
    await scheduler.remove(e.id);
    result.removed.push(e.id);
  }
  if (result.upserted.length + result.removed.length > 0) log.info({ upserted: result.upserted, removed: result.removed }, "schedules synced");
  return result;
}
