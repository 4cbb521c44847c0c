import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineJob } from "../../../jobs/define.js";
import { cleanupAfterEach } from "../../../test/support/cleanups.js";
import { TEST_REDIS_URL, deletePrefix, requireRedis, testPrefix } from "../../../test/support/redis.js";
import { InputError } from "../../core/errors.js";
import type { ScheduleSpec } from "../../ports/job-queue.js";
import { createBullScheduler } from "./bullmq-scheduler.js";
import { createBullWorkers } from "./bullmq-worker.js";

const url = TEST_REDIS_URL;
beforeAll(() => requireRedis());
const cleanups = cleanupAfterEach({ tolerant: true });

const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(p);
});

const environment = z.object({ environment: z.string() });
const seen: Array<{ kind: string; payload: unknown; requestedBy: string | undefined }> = [];
const jobOf = (kind: string) =>
  defineJob({
    kind,
    payload: environment,
    attempts: 2,
    backoff: { type: "fixed", delayMs: 100 },
    concurrency: 1,
    async process(payload, ctx) {
      seen.push({ kind, payload, requestedBy: ctx.requestedBy });
    },
  });
const definitions = [jobOf("digest"), jobOf("audit")];

/** Schedulers are per queue, so each test gets a key prefix of its own. */
function open() {
  const prefix = testPrefix();
  prefixes.push(prefix);
  const scheduler = createBullScheduler({ connection: { url }, prefix, definitions });
  const raw = (kind: string) => {
    const q = new Queue(kind, { connection: { url }, prefix });
    cleanups.push(() => q.close());
    return q;
  };
  cleanups.push(() => scheduler.close());
  return { prefix, scheduler, raw };
}

const nightly = (over: Partial<ScheduleSpec> = {}): ScheduleSpec => ({
  id: "prod-nightly-audit",
  kind: "audit",
  cron: "0 2 * * *",
  timezone: "Europe/Paris",
  payload: { environment: "prod" },
  ...over,
});

describe("BullMQ job schedulers", () => {
  it("when the same schedule id is upserted twice, then one scheduler exists, with the latest settings", async () => {
    const { scheduler, raw } = open();
    await scheduler.upsert(nightly());
    await scheduler.upsert(nightly({ cron: "30 3 * * 1-5" }));
    const list = await scheduler.list();
    expect(list).toEqual([{ id: "prod-nightly-audit", kind: "audit", cron: "30 3 * * 1-5", timezone: "Europe/Paris", next: expect.any(Number) }]);
    expect(list[0]!.next).toBeGreaterThan(Date.now());
    expect(await raw("audit").getJobSchedulersCount()).toBe(1);
    // One scheduler, one pending run: replicas upserting at start-up never double a run.
    expect(await raw("audit").getDelayedCount()).toBe(1);
  });

  it("when a schedule id moves to another kind, then it is scheduled once, under the new kind", async () => {
    const { scheduler, raw } = open();
    await scheduler.upsert(nightly());
    await scheduler.upsert(nightly({ kind: "digest" }));
    expect((await scheduler.list()).map((s) => `${s.kind}/${s.id}`)).toEqual(["digest/prod-nightly-audit"]);
    expect(await raw("audit").getJobSchedulersCount()).toBe(0);
  });

  it("when syncSchedules gets the desired set, then stale harden schedules go, new ones come, and foreign schedulers stay", async () => {
    const { scheduler, raw } = open();
    await scheduler.upsert(nightly());
    await scheduler.upsert(nightly({ id: "staging-weekly-audit", payload: { environment: "staging" } }));
    await raw("audit").upsertJobScheduler("someone-elses-report", { every: 3_600_000 }, { name: "audit", data: {} });

    const result = await scheduler.syncSchedules([
      nightly({ cron: "0 4 * * *" }),
      { id: "prod-morning-digest", kind: "digest", cron: "0 9 * * 1-5", timezone: "UTC", payload: { environment: "prod" } },
    ]);
    expect(result).toEqual({ upserted: ["prod-nightly-audit", "prod-morning-digest"], removed: ["staging-weekly-audit"] });
    expect((await scheduler.list()).map((s) => [s.id, s.kind, s.cron])).toEqual([
      ["prod-morning-digest", "digest", "0 9 * * 1-5"],
      ["prod-nightly-audit", "audit", "0 4 * * *"],
    ]);
    const foreign = await raw("audit").getJobSchedulers();
    expect(foreign.map((s) => s.key).sort()).toEqual(["harden-prod-nightly-audit", "someone-elses-report"]);
  });

  it("when a schedule is invalid, then InputError and nothing is written, in upsert and in syncSchedules", async () => {
    const { scheduler } = open();
    await expect(scheduler.upsert(nightly({ kind: "no-such-kind" }))).rejects.toThrow(InputError);
    await expect(scheduler.upsert(nightly({ payload: { env: "prod" } }))).rejects.toThrow(/invalid audit payload: environment: invalid_type/);
    await expect(scheduler.upsert(nightly({ timezone: "Mars/Olympus_Mons" }))).rejects.toThrow(/unknown time zone/);
    await expect(scheduler.upsert(nightly({ cron: "every night" }))).rejects.toThrow(InputError);
    await expect(scheduler.upsert(nightly({ cron: "61 2 * * *" }))).rejects.toThrow(/is not valid/);
    await expect(scheduler.upsert(nightly({ id: "Prod Nightly" }))).rejects.toThrow(/kebab/);
    await scheduler.upsert(nightly({ id: "keep-me" }));
    await expect(scheduler.syncSchedules([nightly(), nightly({ timezone: "Nowhere/Else" })])).rejects.toThrow(InputError);
    await expect(scheduler.syncSchedules([nightly(), nightly()])).rejects.toThrow(/twice/);
    expect((await scheduler.list()).map((s) => s.id)).toEqual(["keep-me"]);
  });

  it("when a schedule is removed, then it is gone, and removing an unknown id is not an error", async () => {
    const { scheduler } = open();
    await scheduler.upsert(nightly());
    await scheduler.remove("prod-nightly-audit");
    await scheduler.remove("never-was");
    expect(await scheduler.list()).toEqual([]);
  });

  it("when a schedule fires, then a worker runs the job with its payload and requestedBy schedule:<id>", async () => {
    const { prefix, scheduler } = open();
    const workers = createBullWorkers({ connection: { url }, prefix, definitions, deps: {} });
    cleanups.push(() => workers.stop());
    workers.start();
    seen.length = 0;
    await scheduler.upsert(nightly({ id: "every-second", kind: "digest", cron: "* * * * * *", timezone: "UTC" }));
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 100 });
    expect(seen[0]).toEqual({ kind: "digest", payload: { environment: "prod" }, requestedBy: "schedule:every-second" });
    await scheduler.remove("every-second");
  });
});
