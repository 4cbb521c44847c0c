import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { U, failing, testDeps, type TestDeps } from "../../test/support/fakes.js";
import type { NewFinding } from "../ports/history.js";
import { buildDigest, isQuiet, markDigestSent } from "./digest.js";

const f = (name: string, severity: NewFinding["severity"] = "high"): NewFinding => ({
  ...failing("allow-privilege-escalation", { kind: "Deployment", namespace: "shop", name, container: "app" }),
  severity,
});
const A = f("a", "low");
const B = f("b", "critical");
const C = f("c", "medium");
const D = f("d", "high");

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps();
});
afterEach(async () => {
  await deps.store.close();
});

const save = (day: number, findings: NewFinding[], score: number) =>
  deps.history.saveRun(
    { environment: "prod", kind: "audit", startedAt: `2025-06-0${day}T06:00:00.000Z`, finishedAt: `2025-06-0${day}T06:01:00.000Z`, status: "succeeded", score, summary: {}, source: "test" },
    findings,
  );
const build = () => buildDigest({ environment: "prod", history: deps.history, approvals: deps.approvals, now: deps.clock() });
const fps = (list: { fingerprint: string }[]) => list.map((x) => x.fingerprint).sort();

describe("buildDigest", () => {
  it("when no digest was sent yet, then new and fixed compare the last run with the one before, and the trend reads oldest first", async () => {
    await save(1, [A, B], 70);
    const r2 = await save(2, [B, C], 75);
    const d = await build();
    expect(d.score).toBe(75);
    expect(d.trend).toEqual([70, 75]);
    expect(fps(d.newFindings)).toEqual(fps([C]));
    expect(fps(d.fixedFindings)).toEqual(fps([A]));
    expect(d.topRisks.map((x) => x.severity)).toEqual(["critical", "medium"]);
    expect(d.coveredRunId).toBe(r2.id);
    expect(d.period).toEqual({ from: "2025-06-01T06:00:00.000Z", to: deps.clock().toISOString() });
  });

  it("when a digest was sent, then the next one compares against the run that digest covered", async () => {
    await save(1, [A, B], 70);
    const r2 = await save(2, [B, C], 75);
    deps.clock.set("2025-06-02T08:00:00.000Z");
    await markDigestSent(deps.trail, { environment: "prod", runId: r2.id, channel: "C0PROD" });
    await save(3, [C, D], 72);
    await save(4, [C, D], 80);
    deps.clock.set("2025-06-05T08:00:00.000Z");
    const d = await build();
    expect(fps(d.newFindings)).toEqual(fps([D]));
    expect(fps(d.fixedFindings)).toEqual(fps([B]));
    expect(d.period.from).toBe("2025-06-02T08:00:00.000Z");
    expect(d.trend).toEqual([70, 75, 72, 80]);
  });

  it("when there are pending approvals and waivers about to lapse, then they are listed, and later waivers are not", async () => {
    await save(1, [A], 70);
    const now = deps.clock();
    const inDays = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();
    const base = { environment: "prod", checkId: "latest-image-tag", kind: null, selector: null, container: null, fingerprint: null, createdBy: U.approver, createdAt: now.toISOString() };
    await deps.history.addException({ ...base, namespace: "legacy", name: "old-app", reason: "vendor", owner: "team-legacy", expiresAt: inDays(3) });
    await deps.history.addException({ ...base, namespace: "shop", name: "web", reason: "later", owner: "team-shop", expiresAt: inDays(30) });
    const pending = await deps.approvals.create({
      environment: "prod",
      kind: "waiver",
      requestedBy: U.operator,
      requestedAt: now.toISOString(),
      expiresAt: inDays(0.04),
      payload: { summary: "Waive latest-image-tag for 7 days" },
    });
    const d = await buildDigest({
      environment: "prod",
      history: deps.history,
      approvals: deps.approvals,
      now,
      configWaivers: [{ id: "config-1", checkId: "host-network", namespace: "kube-system", reason: "cni", owner: "platform", expiresAt: inDays(2), source: "config" }],
    });
    expect(d.pendingApprovals).toEqual([{ id: pending.id, kind: "waiver", summary: "Waive latest-image-tag for 7 days", requestedBy: U.operator, expiresAt: pending.expiresAt }]);
    expect(d.expiringWaivers).toEqual([
      { checkId: "host-network", scope: "namespace kube-system", owner: "platform", expiresAt: inDays(2) },
      { checkId: "latest-image-tag", scope: "namespace legacy › old-app", owner: "team-legacy", expiresAt: inDays(3) },
    ]);
    expect(isQuiet(d)).toBe(false);
  });

  it("when nothing changed since the last digest, then the digest is quiet", async () => {
    const r1 = await save(1, [A, B], 70);
    await markDigestSent(deps.trail, { environment: "prod", runId: r1.id, channel: "C0PROD" });
    await save(2, [A, B], 70);
    const d = await build();
    expect(d.newFindings).toEqual([]);
    expect(d.fixedFindings).toEqual([]);
    expect(isQuiet(d)).toBe(true);
  });

  it("when the score moved, then the digest is not quiet even with the same findings", async () => {
    const r1 = await save(1, [A], 70);
    await markDigestSent(deps.trail, { environment: "prod", runId: r1.id, channel: "C0PROD" });
    await save(2, [A], 74);
    expect(isQuiet(await build())).toBe(false);
  });

  it("when the environment has never been audited, then the digest has no score and nothing new", async () => {
    const d = await build();
    expect(d).toMatchObject({ score: null, trend: [], newFindings: [], fixedFindings: [], topRisks: [], coveredRunId: null });
    expect(isQuiet(d)).toBe(true);
  });
});
