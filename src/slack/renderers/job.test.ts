import { describe, expect, it } from "vitest";
import { renderJobFailed, renderJobProgress, renderJobQueued, renderJobRunning, type JobView } from "./job.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";

const job: JobView = { kind: "audit", environment: "prod", requestedBy: "U0ALICE", startedAt: "2026-03-02T09:30:00Z", target: "ns=payments" };

describe("job lifecycle renderers", () => {
  it("when a command is accepted, then the queued line names the job and where the result goes", async () => {
    const msg = renderJobQueued({ kind: "audit", environment: "prod", target: "ns=payments", channel: "C0PROD" });
    expectWithinLimits(msg);
    expect(msg.blocks).toHaveLength(1);
    expect(msg.text).toBe("Queued: Audit of prod (ns=payments)");
    await expectGolden("job-queued", msg);
  });

  it("when no other channel is configured, then the queued line says the result comes here", () => {
    expect(JSON.stringify(renderJobQueued({ kind: "scan", environment: "dev" }).blocks)).toContain("will be posted here");
  });

  it("when a job starts, then the card shows who asked and when", async () => {
    const msg = renderJobRunning(job);
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toContain("<@U0ALICE>");
    await expectGolden("job-running", msg);
  });

  it("when a job reports progress, then the card shows a bar, the count and the step", async () => {
    const msg = renderJobProgress(job, { done: 3, total: 10, step: "evaluating checks" });
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toContain("▰▰▰▱▱▱▱▱▱▱ 3/10 · evaluating checks");
    await expectGolden("job-progress", msg);
  });

  it("when progress overshoots or the total is unknown, then the bar never breaks", () => {
    expect(JSON.stringify(renderJobProgress(job, { done: 12, total: 10, step: "x" }).blocks)).toContain("▰▰▰▰▰▰▰▰▰▰ 10/10");
    expect(JSON.stringify(renderJobProgress(job, { done: 1, total: 0, step: "listing" }).blocks)).not.toContain("▱");
  });

  it("when a job fails for good, then the card quotes the error and says it will not retry", async () => {
    const msg = renderJobFailed({ ...job, error: "cluster API answered 403: pods is forbidden", retrying: false });
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toContain("> cluster API answered 403");
    expect(JSON.stringify(msg.blocks)).toContain("Not retried");
    await expectGolden("job-failed", msg);
  });

  it("when a job fails and will retry, then the card says so", () => {
    const msg = renderJobFailed({ ...job, error: "connect ECONNREFUSED", retrying: true });
    expect(msg.text).toContain("retrying");
    expect(JSON.stringify(msg.blocks)).toContain("retried automatically");
  });

  it("when the error is huge or carries mrkdwn, then it is escaped and cut visibly", () => {
    const msg = renderJobFailed({ ...job, error: "<!here> " + "x".repeat(50_000), retrying: false });
    expectWithinLimits(msg);
    const text = JSON.stringify(msg.blocks);
    expect(text).not.toContain("<!here>");
    expect(text).toMatch(/more characters/);
  });
});
