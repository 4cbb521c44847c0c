import { afterEach, describe, expect, it } from "vitest";
import { createStore, type Store } from "../src/adapters/db/index.js";
import { configSchema } from "../src/core/config/schema.js";
import type { Notifier } from "../src/ports/notifier.js";
import { appHomeJob } from "./app-home.job.js";
import type { JobContext } from "./define.js";
import type { WorkerDeps } from "./deps.js";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const NOW = new Date("2026-03-02T10:00:00.000Z");

function context(deps: Partial<WorkerDeps>): JobContext<WorkerDeps> {
  return {
    jobId: "1",
    attempt: 1,
    requestedBy: "U0ALICE01",
    reportProgress: async () => {},
    state: { get: async () => ({}), set: async () => {} },
    signal: new AbortController().signal,
    log: { info() {}, warn() {}, error() {} },
    deps: deps as WorkerDeps,
  };
}

describe("app-home job", () => {
  it("when a user opens the Home tab, then each environment shows its last score, last run and open approvals", async () => {
    store = await createStore("sqlite::memory:");
    await store.history.saveRun(
      { environment: "prod", kind: "audit", startedAt: "2026-03-01T08:00:00.000Z", finishedAt: "2026-03-01T08:01:00.000Z", status: "succeeded", score: 77, summary: {}, source: "test" },
      [],
    );
    await store.approvals.create({
      environment: "prod",
      kind: "remediation",
      requestedBy: "U0BOB0001",
      requestedAt: "2026-03-02T09:30:00.000Z",
      expiresAt: "2026-03-02T10:30:00.000Z",
      payload: {},
    });
    const published: Array<{ user: string; view: { blocks: unknown[] } }> = [];
    const notifier = { publishHome: async (user: string, view: { type: "home"; blocks: unknown[] }) => void published.push({ user, view }) } as unknown as Notifier;
    const config = configSchema.parse({
      environments: { prod: { kubernetes: { context: "prod" } }, staging: { kubernetes: { snapshot: "./s" } } },
    });

    const result = await appHomeJob.process({ userId: "U0ALICE01" }, context({ notifier, history: store.history, approvals: store.approvals, config, clock: () => NOW }));
    expect(result).toEqual({ environments: 2 });
    expect(published).toHaveLength(1);
    expect(published[0]!.user).toBe("U0ALICE01");
    const text = JSON.stringify(published[0]!.view.blocks);
    expect(text).toContain("*prod*\\nScore *77/100*");
    expect(text).toContain("1 open approval");
    expect(text).toContain("*staging*\\nScore *n/a*");
    expect(text).toContain("*Last audit*\\nnever");
  });
});
