import { beforeAll, describe, expect, it } from "vitest";
import type { NewFinding } from "../src/ports/history.js";
import { cleanupAfterEach } from "../test/support/cleanups.js";
import { requireRedis } from "../test/support/redis.js";
import { cardsIn, startHarness, type Harness } from "../test/support/job-harness.js";

const CHANNEL = "C0DIGEST01";
beforeAll(() => requireRedis());
const cleanups = cleanupAfterEach();

async function harness(): Promise<Harness> {
  const h = await startHarness({ config: { environments: { prod: { kubernetes: { snapshot: "./unused" }, channel: CHANNEL } } } });
  cleanups.push(() => h.close());
  return h;
}

const finding = (name: string): NewFinding => ({
  fingerprint: `fp-${name}`,
  checkId: "allow-privilege-escalation",
  title: "Containers must set allowPrivilegeEscalation: false",
  severity: "medium",
  category: "pod-security",
  status: "fail",
  kind: "Deployment",
  namespace: "web",
  name,
  container: "app",
  message: `container "app" of ${name} does not set allowPrivilegeEscalation: false`,
});

async function recordRuns(h: Harness) {
  const run = (at: string, score: number, findings: NewFinding[]) =>
    h.store.history.saveRun({ environment: "prod", kind: "audit", startedAt: at, finishedAt: at, status: "succeeded", score, summary: {}, source: "test" }, findings);
  await run("2026-03-01T08:00:00.000Z", 90, [finding("api")]);
  await run("2026-03-02T08:00:00.000Z", 82, [finding("api"), finding("worker")]);
}

/** What a BullMQ job scheduler adds at each firing: the envelope, with no deduplication. */
async function fire(h: Harness, scheduleId: string) {
  const job = await h.rawQueue("digest").add("digest", { payload: { environment: "prod" }, requestedBy: `schedule:${scheduleId}` }, { attempts: 3 });
  return job.id!;
}

describe("digest job", () => {
  it("when a digest runs, then it is posted in the environment's channel and marks the run it covered; the next one says nothing changed, in one line", async () => {
    const h = await harness();
    await recordRuns(h);
    h.startWorkers();
    const first = await h.queue.enqueue("digest", { environment: "prod", requestedBy: "U0ALICE01" });
    const done = await h.finished("digest", first.jobId);
    expect(done.state).toBe("completed");
    expect(done.job.returnvalue).toEqual({ posted: true, quiet: false });
    const [digest] = cardsIn(h.slack, CHANNEL);
    expect(digest!.text).toMatch(/^prod digest: score 82\/100 \(▼ 8\), 1 new/);
    expect(JSON.stringify(digest!.blocks)).toContain("worker");
    // The trend as a PNG in the digest's thread.
    const charts = [...h.slack.state.uploads.values()];
    expect(charts.map((u) => [u.filename, u.sharedTo])).toEqual([["harden-score-prod.png", { channel: CHANNEL, threadTs: digest!.ts }]]);
    expect(charts[0]!.content!.subarray(1, 4).toString("latin1")).toBe("PNG");

    const [run] = await h.store.history.listRuns({ environment: "prod", limit: 1 });
    const trail = await h.store.history.listAuditTrail({ environment: "prod" });
    expect(trail).toMatchObject([{ action: "digest.sent", actor: "system", outcome: "ok", details: { runId: run!.id, channel: CHANNEL, requestedBy: "U0ALICE01" } }]);

    // A new audit finds the same as the run the digest covered.
    await h.store.history.saveRun(
      { environment: "prod", kind: "audit", startedAt: "2026-03-03T08:00:00.000Z", finishedAt: "2026-03-03T08:00:00.000Z", status: "succeeded", score: 82, summary: {}, source: "test" },
      [finding("api"), finding("worker")],
    );
    const second = await fire(h, "prod-morning");
    expect((await h.finished("digest", second)).job.returnvalue).toEqual({ posted: true, quiet: true });
    const posts = cardsIn(h.slack, CHANNEL);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.text).toMatch(/^prod: no change since \d{4}-\d{2}-\d{2}, score 82$/);
    // A quiet digest stays one line: no second chart.
    expect(h.slack.state.uploads.size).toBe(1);
  });

  it("when the chart cannot be uploaded, then the digest is still posted once and the job succeeds", async () => {
    const h = await harness();
    await recordRuns(h);
    h.slack.failWith("files.getUploadURLExternal", "not_allowed_token_type", { times: 5 });
    h.startWorkers();
    const job = await h.queue.enqueue("digest", { environment: "prod", requestedBy: "U0ALICE01" });
    const done = await h.finished("digest", job.jobId);
    expect(done.state).toBe("completed");
    expect(done.job.attemptsMade).toBe(1);
    expect(cardsIn(h.slack, CHANNEL)).toHaveLength(1);
    expect(h.slack.state.uploads.size).toBe(0);
  });

  it("when a schedule fires twice for the same period, even on two workers at once, then the digest is posted once", async () => {
    const h = await harness();
    await recordRuns(h);
    const a = await fire(h, "prod-weekday");
    const b = await fire(h, "prod-weekday");
    h.startWorkers();
    h.startWorkers(); // a second replica
    const results = await Promise.all([h.finished("digest", a), h.finished("digest", b)]);
    expect(results.map((r) => r.state)).toEqual(["completed", "completed"]);
    expect(results.map((r) => r.job.returnvalue).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      { posted: false, reason: "duplicate firing" },
      { posted: true, quiet: false },
    ]);
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1);
    const markers = (await h.store.history.listAuditTrail({ environment: "prod" })).filter((t) => t.action === "digest.sent");
    expect(markers).toHaveLength(1);
  });

  it("when posting hits a 429 after the schedule's claim was taken, then the same job keeps its claim and posts on its next run", async () => {
    const h = await harness();
    await recordRuns(h);
    h.slack.rateLimit("chat.postMessage", { retryAfterSec: 1 });
    h.startWorkers();
    const id = await fire(h, "prod-weekday");
    const { state, job } = await h.finished("digest", id);
    expect(state).toBe("completed");
    expect(job.returnvalue).toEqual({ posted: true, quiet: false });
    expect(h.slack.callsTo("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
    expect(cardsIn(h.slack, CHANNEL)).toHaveLength(1);
  });

  it("when the environment has no channel and the request names none, then the job fails at once", async () => {
    const h = await startHarness({ config: { environments: { lab: { kubernetes: { snapshot: "./unused" } } } } });
    cleanups.push(() => h.close());
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("digest", { environment: "lab" });
    const { state, job } = await h.finished("digest", jobId);
    expect(state).toBe("failed");
    expect(job.failedReason).toBe('InputError: environment "lab" has no channel for its digest');
  });
});
