// What every ScheduleRepository implementation must do, run against each dialect.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import type { Schedule, ScheduleRepository } from "../../src/ports/schedules.js";
import { type OpenStore, unique, useStore } from "./support.js";

const schedule = (environment: string, overrides: Partial<Schedule> = {}): Schedule => ({
  id: `${environment}-nightly-audit`,
  environment,
  kind: "audit",
  cron: "0 2 * * *",
  timezone: "Europe/Paris",
  source: "config",
  createdBy: "system",
  createdAt: "2025-02-01T00:00:00.000Z",
  ...overrides,
});

export function schedulesContract(open: OpenStore<{ schedules: ScheduleRepository }>): void {
  describe("ScheduleRepository contract", () => {
    const store = useStore(open);
    const schedules = () => store().schedules;

    it("when the same schedule is upserted twice, then one schedule is stored", async () => {
      const env = unique("env");
      const s = schedule(env);
      expect(await schedules().upsert(s)).toEqual(s);
      expect(await schedules().upsert(s)).toEqual(s);
      expect(await schedules().list(env)).toEqual([s]);
    });

    it("when a schedule is upserted with a new cron, then the cron changes and its creator and creation time stay", async () => {
      const env = unique("env");
      const s = schedule(env);
      await schedules().upsert(s);
      const changed = { ...s, cron: "30 3 * * 1-5", timezone: "UTC", source: "slack" as const, createdBy: "U0OTHER", createdAt: "2025-03-01T00:00:00.000Z" };
      const stored = await schedules().upsert(changed);
      expect(stored).toEqual({ ...changed, createdBy: "system", createdAt: "2025-02-01T00:00:00.000Z" });
      expect(await schedules().list(env)).toEqual([stored]);
    });

    it("when schedules are listed, then they come ordered by id and scoped to the environment", async () => {
      const env = unique("env");
      const other = unique("env");
      const digest = schedule(env, { id: `${env}-b-digest`, kind: "digest", cron: "0 9 * * 1" });
      const metrics = schedule(env, { id: `${env}-a-metrics`, kind: "metrics", cron: "*/5 * * * *" });
      const foreign = schedule(other);
      for (const s of [digest, metrics, foreign]) await schedules().upsert(s);
      expect(await schedules().list(env)).toEqual([metrics, digest]);
      const all = await schedules().list();
      expect(all).toEqual(expect.arrayContaining([metrics, digest, foreign]));
      const ids = all.map((s) => s.id);
      expect(ids).toEqual([...ids].sort());
    });

    it("when a schedule is removed, then it is gone and removing it again reports false", async () => {
      const env = unique("env");
      const s = schedule(env);
      await schedules().upsert(s);
      expect(await schedules().remove(s.id)).toBe(true);
      expect(await schedules().remove(s.id)).toBe(false);
      expect(await schedules().list(env)).toEqual([]);
    });

    it("when the id is not kebab-case, then upsert refuses it", async () => {
      const env = unique("env");
      await expect(schedules().upsert(schedule(env, { id: "Nightly Audit" }))).rejects.toBeInstanceOf(InputError);
      expect(await schedules().list(env)).toEqual([]);
    });
  });
}
