import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_DEFINITIONS, JOB_KINDS } from "../../jobs/index.js";
import { cleanupAfterEach } from "../../test/support/cleanups.js";
import { TEST_REDIS_URL, deletePrefix, requireRedis, testPrefix } from "../../test/support/redis.js";
import { createStore, type Store } from "../adapters/db/index.js";
import { createBullScheduler, type BullScheduler } from "../adapters/queue/bullmq-scheduler.js";
import { parseConfig } from "../core/config/schema.js";
import { syncSchedules } from "./schedule-sync.js";

const prefix = testPrefix();
const quiet = { info() {}, warn() {}, error() {} };

const config = parseConfig(
  `
environments:
  prod: { kubernetes: { context: prod }, channel: C0PROD0001 }
  dev: { kubernetes: { context: dev } }
schedules:
  - { id: prod-digest, environment: prod, kind: digest, cron: "0 9 * * 1-5", timezone: Europe/Berlin }
  - { id: prod-nightly-audit, environment: prod, kind: audit, cron: "0 2 * * *" }
  - { id: prod-weekly-scan, environment: prod, kind: scan, cron: "0 3 * * 0" }
`,
  "harden.yaml",
);

beforeAll(() => requireRedis());
const cleanups = cleanupAfterEach();
afterAll(() => deletePrefix(prefix));

let n = 0;
/** Each test gets its own key space, so one test's schedulers never show in another's list. */
async function setup() {
  const p = `${prefix}-${++n}`;
  const store: Store = await createStore("sqlite::memory:");
  const scheduler: BullScheduler = createBullScheduler({ connection: { url: TEST_REDIS_URL }, prefix: p, definitions: JOB_DEFINITIONS });
  cleanups.push(() => scheduler.close(), () => store.close(), () => deletePrefix(p));
  return { store, scheduler, deps: { config, scheduler, schedules: store.schedules, jobKinds: JOB_KINDS, log: quiet } };
}

describe("schedule sync at start-up", () => {
  it("when the config has schedules, then they are upserted, and kinds without a job are skipped", async () => {
    const { scheduler, deps } = await setup();
    const result = await syncSchedules(deps);
    expect(result.upserted).toEqual(["prod-digest", "prod-nightly-audit"]);
    expect(result.skipped).toEqual(["prod-weekly-scan"]);
    const listed = await scheduler.list();
    expect(listed.map((s) => [s.id, s.kind, s.cron, s.timezone])).toEqual([
      ["prod-digest", "digest", "0 9 * * 1-5", "Europe/Berlin"],
      ["prod-nightly-audit", "audit", "0 2 * * *", "UTC"],
    ]);
  });

  it("when every replica syncs, twice, then there is still one scheduler per id", async () => {
    const { scheduler, deps } = await setup();
    await Promise.all([syncSchedules(deps), syncSchedules(deps)]);
    await syncSchedules(deps);
    expect((await scheduler.list()).map((s) => s.id)).toEqual(["prod-digest", "prod-nightly-audit"]);
  });

  it("when a schedule left the config, then its scheduler is removed; one added from Slack stays", async () => {
    const { scheduler, store, deps } = await setup();
    await scheduler.upsert({ id: "old-audit", kind: "audit", cron: "0 1 * * *", timezone: "UTC", payload: { environment: "prod" } });
    await scheduler.upsert({ id: "slack-audit", kind: "audit", cron: "30 6 * * *", timezone: "UTC", payload: { environment: "dev", channel: "C0DEV00001" } });
    await store.schedules.upsert({ id: "slack-audit", environment: "dev", kind: "audit", cron: "30 6 * * *", timezone: "UTC", source: "slack", createdBy: "U0OPS", createdAt: new Date().toISOString() });
    const result = await syncSchedules(deps);
    expect(result.removed).toEqual(["old-audit"]);
    expect((await scheduler.list()).map((s) => s.id)).toEqual(["prod-digest", "prod-nightly-audit", "slack-audit"]);
  });

  it("when Redis lost a schedule added from Slack, then it is recreated if its environment has a channel", async () => {
    const { scheduler, store, deps } = await setup();
    const at = new Date().toISOString();
    await store.schedules.upsert({ id: "prod-extra", environment: "prod", kind: "audit", cron: "0 12 * * *", timezone: "UTC", source: "slack", createdBy: "U0OPS", createdAt: at });
    await store.schedules.upsert({ id: "dev-extra", environment: "dev", kind: "audit", cron: "0 12 * * *", timezone: "UTC", source: "slack", createdBy: "U0OPS", createdAt: at });
    const result = await syncSchedules(deps);
    expect(result.upserted).toContain("prod-extra");
    expect(result.upserted).not.toContain("dev-extra");
    expect((await scheduler.list()).map((s) => s.id)).toContain("prod-extra");
  });
});
