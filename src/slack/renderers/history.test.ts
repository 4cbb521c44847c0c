import { describe, expect, it } from "vitest";
import type { NewFinding } from "../../ports/history.js";
import { renderDiff, renderHistory, type HistoryRun } from "./history.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";
import { adminBinding, fixedSinceLast, hostPathDb, privilegedApi, rootApi } from "../../../test/support/render-samples.js";

const runs: HistoryRun[] = [
  { id: 44, startedAt: "2026-03-04T09:30:00Z", score: 82, summary: { byStatus: { fail: 4 }, bySeverity: { critical: 0, high: 3, medium: 1, low: 0, info: 0 } } },
  { id: 43, startedAt: "2026-03-03T09:30:00Z", score: 78, summary: { byStatus: { fail: 5 }, bySeverity: { critical: 1, high: 3, medium: 1, low: 0, info: 0 } } },
  { id: 42, startedAt: "2026-03-02T09:30:00Z", score: 61, summary: "imported from v0" },
  { id: 41, startedAt: "2026-03-01T09:30:00Z", score: null, summary: {} },
];

describe("renderHistory", () => {
  it("when runs exist, then they are listed newest first with deltas and a trend oldest to newest", async () => {
    const msg = renderHistory("prod", runs);
    expectWithinLimits(msg);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain("`#44` · ");
    expect(text).toContain("*82/100* ▲ 4 · 3 high, 1 medium failing");
    expect(text).toContain("1 critical, 3 high, 1 medium failing");
    expect(text).toContain("imported from v0");
    expect(text).toContain("·▁▇█  61/100 → 82/100");
    await expectGolden("history", msg);
  });

  it("when there are no runs, then it says how to start one", () => {
    expect(JSON.stringify(renderHistory("prod", []).blocks)).toContain("`/harden audit prod`");
  });

  it("when hundreds of runs are asked for, then the list is cut with a count", () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ id: i, startedAt: "2026-03-01T00:00:00Z", score: i % 100, summary: {} }));
    const msg = renderHistory("prod", many);
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toMatch(/…and \d+ more runs/);
  });
});

describe("renderDiff", () => {
  const stored: NewFinding = {
    fingerprint: "abcdef0123456789",
    checkId: "host-ipc",
    title: "Pods must not share the host IPC namespace",
    severity: "high",
    category: "node-isolation",
    status: "fail",
    kind: "Deployment",
    namespace: "batch",
    name: "etl",
    container: null,
    message: "hostIPC is true",
  };

  it("when two runs differ, then new and fixed findings are listed worst first with their resource", async () => {
    const msg = renderDiff(
      "prod",
      { id: 41, startedAt: "2026-03-01T09:30:00Z", score: 61 },
      { id: 42, startedAt: "2026-03-02T09:30:00Z", score: 38 },
      { new: [rootApi, privilegedApi, stored], fixed: [fixedSinceLast], persisting: [hostPathDb, adminBinding] },
    );
    expectWithinLimits(msg);
    const text = JSON.stringify(msg.blocks);
    expect(text.indexOf("privileged-container")).toBeLessThan(text.indexOf("run-as-non-root"));
    expect(text).toContain("batch › Deployment `etl`");
    expect(text).toContain("2 findings still failing");
    await expectGolden("diff", msg);
  });

  it("when nothing changed, then it says so in one line", () => {
    const msg = renderDiff("prod", { id: 1, startedAt: "2026-03-01T00:00:00Z", score: 80 }, { id: 2, startedAt: "2026-03-02T00:00:00Z", score: 80 }, { new: [], fixed: [], persisting: [hostPathDb] });
    expect(JSON.stringify(msg.blocks)).toContain("No change in failing findings: 1 still failing");
  });
});
