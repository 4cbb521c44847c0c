// Recurring jobs as BullMQ job schedulers. The scheduler id is stable, so every
// replica can upsert the same set at start-up and a restart or a scale-out never
// doubles a digest (the duplicate-cron-run bug other chat-ops bots shipped).
// Ids are stored with a "harden-" prefix: syncSchedules removes what harden
// created and is no longer wanted, and leaves anything else on the queue alone.
import type { AnyJobDefinition } from "../../../jobs/define.js";
import { InputError } from "../../core/errors.js";
import type { JobScheduler, ScheduledJob, ScheduleSpec } from "../../ports/job-queue.js";
import { createProducerConnection, isConnectionError, type ProducerOptions } from "./connection.js";
import { definitionsByKind, describeIssues, jobOptionsOf, type JobEnvelope } from "./envelope.js";

export const SCHEDULER_ID_PREFIX = "harden-";

export interface BullSchedulerOptions extends ProducerOptions {
  definitions: readonly AnyJobDefinition[];
}

export interface SyncResult {
  upserted: string[];
  removed: string[];
}

export interface BullScheduler extends JobScheduler {
  /**
   * Makes harden's schedulers exactly `desired`: upserts each, removes the ones
   * harden created that are not in it. Checks every entry before changing anything.
   */
  syncSchedules(desired: readonly ScheduleSpec[]): Promise<SyncResult>;
  close(): Promise<void>;
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function createBullScheduler(options: BullSchedulerOptions): BullScheduler {
  const byKind = definitionsByKind(options.definitions);
  const redis = createProducerConnection(options, "job-scheduler", 2000);

  function check(s: ScheduleSpec): { def: AnyJobDefinition; payload: unknown } {
    if (!ID.test(s.id)) throw new InputError(`schedule id "${s.id}" must be lower-case kebab`);
    const def = byKind.get(s.kind);
    if (!def) throw new InputError(`schedule ${s.id}: unknown job kind "${s.kind}"`);
    const fields = s.cron.trim().split(/\s+/).length;
    if (fields !== 5 && fields !== 6) throw new InputError(`schedule ${s.id}: cron "${s.cron}" needs five fields (or six with seconds)`);
    if (!validTimeZone(s.timezone)) throw new InputError(`schedule ${s.id}: unknown time zone "${s.timezone}"`);
    const parsed = def.payload.safeParse(s.payload);
    if (!parsed.success) throw new InputError(`schedule ${s.id}: invalid ${s.kind} payload: ${describeIssues(parsed.error)}`);
    return { def, payload: parsed.data };
  }

  async function list(): Promise<ScheduledJob[]> {
    const out: ScheduledJob[] = [];
    for (const kind of byKind.keys()) {
      const found = await redis.call(() => redis.queueFor(kind).getJobSchedulers(0, -1, true));
      for (const s of found) {
        if (!s.key.startsWith(SCHEDULER_ID_PREFIX) || s.pattern === undefined) continue;
        out.push({
          id: s.key.slice(SCHEDULER_ID_PREFIX.length),
          kind,
          cron: s.pattern,
          timezone: s.tz ?? "UTC",
          ...(s.next !== undefined ? { next: Number(s.next) } : {}),
        });
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  async function removeFrom(kinds: Iterable<string>, id: string): Promise<void> {
    for (const kind of kinds) await redis.call(() => redis.queueFor(kind).removeJobScheduler(SCHEDULER_ID_PREFIX + id));
  }

  async function write(s: ScheduleSpec, checked: { def: AnyJobDefinition; payload: unknown }, existing: ScheduledJob[]): Promise<void> {
    // One id, one schedule: if it moved to another kind, it leaves the old queue.
    const elsewhere = existing.filter((e) => e.id === s.id && e.kind !== s.kind).map((e) => e.kind);
    await removeFrom(elsewhere, s.id);
    const data: JobEnvelope = { payload: checked.payload, requestedBy: `schedule:${s.id}` };
    try {
      await redis.call(() =>
        redis
          .queueFor(s.kind)
          .upsertJobScheduler(SCHEDULER_ID_PREFIX + s.id, { pattern: s.cron, tz: s.timezone }, { name: s.kind, data, opts: jobOptionsOf(checked.def) }),
      );
    } catch (err) {
      // The cron parser is the only other thing that throws here.
      if (err instanceof Error && !isConnectionError(err) && err.name !== "UnavailableError")
        throw new InputError(`schedule ${s.id}: cron "${s.cron}" is not valid (${err.message})`);
      throw err;
    }
  }

  return {
    async upsert(s) {
      const checked = check(s);
      await write(s, checked, await list());
    },

    async remove(id) {
      await removeFrom(byKind.keys(), id);
    },

    list,

    async syncSchedules(desired) {
      const ids = new Set<string>();
      const checked = desired.map((s) => {
        if (ids.has(s.id)) throw new InputError(`schedule id "${s.id}" appears twice`);
        ids.add(s.id);
        return check(s);
      });
      const existing = await list();
      for (const [i, s] of desired.entries()) await write(s, checked[i]!, existing);
      const stale = existing.filter((e) => !ids.has(e.id));
      for (const e of stale) await removeFrom([e.kind], e.id);
      return { upserted: desired.map((s) => s.id), removed: stale.map((e) => e.id) };
    },

    close: () => redis.close(),
  };
}
