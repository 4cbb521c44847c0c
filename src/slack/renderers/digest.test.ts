import { describe, expect, it } from "vitest";
import { digestIsQuiet, renderDigest, type DigestInput } from "./digest.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";
import { adminBinding, fixedSinceLast, hugeReport, privilegedApi, rootApi } from "../../../test/support/render-samples.js";

const quiet: DigestInput = {
  environment: "prod",
  period: { from: "2026-03-01T08:00:00Z", to: "2026-03-02T08:00:00Z" },
  score: 82,
  trend: [70, 75, 82, 82],
  newFindings: [],
  fixedFindings: [],
  topRisks: [privilegedApi],
  pendingApprovals: [],
  expiringWaivers: [],
};

const busy: DigestInput = {
  ...quiet,
  score: 86,
  trend: [61, 70, 75, 82, null, 86],
  newFindings: [adminBinding],
  fixedFindings: [fixedSinceLast],
  topRisks: [privilegedApi, adminBinding, rootApi],
  pendingApprovals: [
    { id: "apr_00000000000000000001", kind: "remediation", summary: "Set privileged to false on payments/api", requestedBy: "U0ALICE", expiresAt: "2026-03-02T09:00:00Z" },
  ],
  expiringWaivers: [{ checkId: "latest-tag", scope: "legacy › Deployment old-app", owner: "team-legacy", expiresAt: "2026-03-05T00:00:00Z" }],
};

describe("renderDigest", () => {
  it("when nothing changed since the last digest, then it is one line with the score", async () => {
    const msg = renderDigest(quiet);
    expect(digestIsQuiet(quiet)).toBe(true);
    expect(msg.text).toBe("prod: no change since 2026-03-01, score 82");
    expect(msg.blocks).toHaveLength(1);
    await expectGolden("digest-quiet", msg);
  });

  it("when the score moved but nothing else did, then it is not quiet", () => {
    expect(digestIsQuiet({ ...quiet, trend: [80, 82] })).toBe(false);
  });

  it("when a later feature reports something, then the digest is not quiet", () => {
    expect(digestIsQuiet({ ...quiet, rotationsDue: [{ secret: "payments/db", dueAt: "2026-03-03T00:00:00Z", overdue: false }] })).toBe(false);
    expect(digestIsQuiet({ ...quiet, metricBreaches: [{ rule: "apiserver p99", severity: "warning", value: "1.2 s", threshold: "1 s" }] })).toBe(false);
    expect(digestIsQuiet({ ...quiet, vulnerabilities: { bySeverity: { critical: 1, high: 0, medium: 0, low: 0, unknown: 0 }, imagesScanned: 3, newSincePrevious: 1 } })).toBe(false);
    expect(digestIsQuiet({ ...quiet, rotationsDue: [], metricBreaches: [] })).toBe(true);
  });

  it("when things changed, then the digest shows score, trend and each non-empty section", async () => {
    const msg = renderDigest(busy);
    expectWithinLimits(msg);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain("*Score 86/100* ▲ 4 · trend ▁▄▅▇·█");
    expect(text).toContain("*New findings* (1)");
    expect(text).toContain("*Waiting for approval* (1)");
    expect(text).not.toContain("Secret rotations");
    expect(text).not.toContain("Image vulnerabilities");
    await expectGolden("digest", msg);
  });

  it("when the later sections are provided, then they appear", async () => {
    const msg = renderDigest({
      ...busy,
      rotationsDue: [
        { secret: "payments/db-password", dueAt: "2026-03-01T00:00:00Z", overdue: true },
        { secret: "web/session-key", dueAt: "2026-03-09T00:00:00Z", overdue: false },
      ],
      vulnerabilities: { bySeverity: { critical: 2, high: 11, medium: 40, low: 7, unknown: 1 }, imagesScanned: 14, newSincePrevious: 3 },
      metricBreaches: [{ rule: "etcd fsync p99", severity: "critical", value: "48 ms", threshold: "10 ms", since: "2026-03-02T07:10:00Z" }],
    });
    expectWithinLimits(msg);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain(":rotating_light: *overdue* `payments/db-password`");
    expect(text).toContain("2 critical · 11 high · 40 medium · 7 low · 1 unknown");
    expect(text).toContain("3 new vulnerabilities since the last digest");
    expect(text).toContain("etcd fsync p99: 48 ms (threshold 10 ms)");
    await expectGolden("digest-full", msg);
  });

  it("when lists are long, then each is cut with a count and the message stays within limits", () => {
    const many = hugeReport(30, 10).findings;
    const msg = renderDigest({ ...busy, newFindings: many, fixedFindings: many, topRisks: many });
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toMatch(/…and 29\d more findings/);
  });
});
