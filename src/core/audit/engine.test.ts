import { describe, expect, it } from "vitest";
import { fail, pass, refOf } from "../checks/helpers.js";
import { defineCheck, type CheckDefinition } from "../checks/types.js";
import type { ClusterSnapshot, KubeObject } from "../snapshot/types.js";
import { runAudit } from "./engine.js";

const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });

function snapshot(objects: KubeObject[], extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    schemaVersion: 1,
    source: { type: "live", description: "test", capturedAt: "2026-01-01T00:00:00Z" },
    objects,
    kubeletConfigs: {},
    visibility: {},
    complete: true,
    notes: [],
    ...extra,
  };
}

const labelled = defineCheck({
  id: "namespace-has-owner",
  title: "Namespaces name an owner",
  severity: "high",
  category: "runtime",
  needs: ["objects"],
  kinds: ["Namespace"],
  references: { kubescape: ["C-9999"] },
  description: "A test check: every namespace carries an owner label.",
  remediation: "Label the namespace with owner=<team>.",
  evaluate: (ctx) =>
    ctx.index.ofKind("Namespace").map((n) => (n.metadata.labels?.["owner"] ? pass(refOf(n), "owned") : fail(refOf(n), "no owner label"))),
});

const clock = () => new Date("2026-06-01T00:00:00Z");

describe("runAudit", () => {
  it("when a kind a check needs is forbidden, then the check is unknown, never pass", () => {
    const report = runAudit(snapshot([ns("a", { owner: "x" })], { visibility: { Namespace: { state: "forbidden", reason: "RBAC" } } }), {
      environment: "t",
      checks: [labelled],
      clock,
    });
    expect(report.findings.map((f) => f.status)).toEqual(["unknown"]);
    expect(report.findings[0]!.message).toMatch(/forbidden/);
    expect(report.score).toBeNull();
  });

  it("when a check throws, then it is reported unknown with a note", () => {
    const broken: CheckDefinition = { ...labelled, id: "broken", evaluate: () => { throw new Error("boom"); } };
    const report = runAudit(snapshot([ns("a")]), { environment: "t", checks: [broken], clock });
    expect(report.findings[0]).toMatchObject({ status: "unknown" });
    expect(report.notes.some((n) => n.includes("boom"))).toBe(true);
  });

  it("when a waiver matches by label selector, then the finding stays visible as waived", () => {
    const report = runAudit(snapshot([ns("a", { tier: "sandbox" }), ns("b")]), {
      environment: "t",
      checks: [labelled],
      waivers: [{ id: "w1", checkId: "namespace-has-owner", selector: "tier=sandbox", reason: "sandbox", owner: "ops", expiresAt: "2027-01-01T00:00:00Z", source: "config" }],
      clock,
    });
    const byName = Object.fromEntries(report.findings.map((f) => [f.resource.name, f]));
    expect(byName["a"]).toMatchObject({ status: "waived", waiver: { reason: "sandbox", owner: "ops" } });
    expect(byName["b"]!.status).toBe("fail");
    expect(report.summary.byStatus).toMatchObject({ waived: 1, fail: 1 });
  });

  it("when a waiver has expired, then it is not applied and a note says so", () => {
    const report = runAudit(snapshot([ns("a")]), {
      environment: "t",
      checks: [labelled],
      waivers: [{ id: "w1", checkId: "*", reason: "old", owner: "ops", expiresAt: "2026-01-01T00:00:00Z", source: "database" }],
      clock,
    });
    expect(report.findings[0]!.status).toBe("fail");
    expect(report.notes.join()).toMatch(/w1 .* expired/);
  });

  it("when the same object is audited twice, then its fingerprint is stable and distinct per object", () => {
    const a = runAudit(snapshot([ns("a"), ns("b")]), { environment: "t", checks: [labelled], clock });
    const b = runAudit(snapshot([ns("b"), ns("a")]), { environment: "t", checks: [labelled], clock });
    const fp = (r: typeof a) => Object.fromEntries(r.findings.map((f) => [f.resource.name, f.fingerprint]));
    expect(fp(a)).toEqual(fp(b));
    expect(fp(a)["a"]).not.toEqual(fp(a)["b"]);
  });

  it("when results pass and fail, then the score weighs them by severity and says how in one line", () => {
    const report = runAudit(snapshot([ns("a", { owner: "x" }), ns("b")]), { environment: "t", checks: [labelled], clock });
    expect(report.score).toBe(50);
    expect(report.scoreByCategory.runtime).toBe(50);
    expect(report.scoreExplanation).toMatch(/severity-weighted/);
    expect(report.scoreExplanation.includes("\n")).toBe(false);
  });

  it("when a check reports one object twice, then one finding remains, the worst status wins and a note says so", () => {
    const twice: CheckDefinition = {
      ...labelled,
      id: "twice",
      evaluate: (ctx) => ctx.index.ofKind("Namespace").flatMap((n) => [pass(refOf(n), "first"), fail(refOf(n), "second")]),
    };
    const report = runAudit(snapshot([ns("a")]), { environment: "t", checks: [twice], clock, includePassed: true });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ status: "fail", message: "first; second" });
    expect(report.notes.join()).toMatch(/twice reported Namespace\/a more than once/);
  });
});
