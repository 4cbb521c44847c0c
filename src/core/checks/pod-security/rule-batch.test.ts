import { describe, expect, it } from "vitest";
import { runAudit, type AuditReport } from "../../audit/engine.js";
import { evaluateContainers, evaluateWorkloads, fail, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckDefinition, type CheckResult } from "../types.js";
import { walk, walkLists } from "../rule-batch.js";
import { perContainer, perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { deployment, snapshotOf } from "./testing.js";

// The audit runs the per-container and per-workload rules of all checks in one
// walk (RuleBatch). These tests hold it to what running each check on its own
// gives: same results, same order, same failures.

const base: Pick<CheckDefinition, "severity" | "category" | "needs" | "kinds" | "references" | "description" | "remediation"> = {
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {},
  description: "test",
  remediation: "test",
};

const privileged = defineCheck({
  ...base,
  id: "test-privileged",
  title: "privileged",
  evaluate: (ctx) => perContainer(ctx, (c) => (c.securityContext.privileged === true ? `${c.label} runs privileged` : null), "not privileged"),
});

const hostNetwork = defineCheck({
  ...base,
  id: "test-host-network",
  title: "host network",
  evaluate: (ctx) => perWorkload(ctx, (w) => (w.podSpec.hostNetwork === true ? "uses the host network" : null), "no host network"),
});

// Throws on the second workload it sees, after passing the first.
function throwingCheck(): CheckDefinition {
  let seen = 0;
  return defineCheck({
    ...base,
    id: "test-throws",
    title: "throws",
    evaluate: (ctx) =>
      perWorkload(ctx, () => {
        if (++seen === 2) throw new Error("rule broke");
        return null;
      }, "fine"),
  });
}

const imageTag = defineCheck({
  ...base,
  id: "test-image-tag",
  title: "image tag",
  evaluate: (ctx) => evaluateContainers(ctx, (c) => (c.container.image?.endsWith(":1") ? null : "untagged"), "tagged"),
});

const inApps = defineCheck({
  ...base,
  id: "test-in-apps",
  title: "in apps",
  evaluate: (ctx) => evaluateWorkloads(ctx, (w) => (w.name === "c" ? "is c" : null), "is not c"),
});

// Uses perContainer's results rather than returning them: cannot be batched.
const combined = defineCheck({
  ...base,
  id: "test-combined",
  title: "combined",
  evaluate: (ctx): CheckResult[] => [
    ...perContainer(ctx, (c) => (c.container.image === "bad:1" ? "bad image" : null), "image ok"),
    ...ctx.index.ofKind("Namespace").map((n) => (n.metadata.name === "apps" ? fail(refOf(n), "apps namespace") : pass(refOf(n), "other namespace"))),
  ],
});

const yaml = [
  deployment("a", "containers:\n  - { name: c1, image: bad:1, securityContext: { privileged: true } }\n  - { name: c2, image: ok:1 }"),
  deployment("b", "hostNetwork: true\ncontainers:\n  - { name: c1, image: ok:1 }"),
  deployment("c", "containers:\n  - { name: c1, image: bad:1 }"),
  "apiVersion: v1\nkind: Namespace\nmetadata: { name: apps }",
].join("---\n");

function audit(checks: CheckDefinition[], includePassed: boolean): AuditReport {
  return runAudit(snapshotOf(yaml), { environment: "t", checks, clock: () => new Date("2026-06-01T00:00:00Z"), includePassed });
}

const lines = (r: AuditReport) => r.findings.map((f) => `${f.checkId} ${f.status} ${f.resource.name}/${f.resource.container ?? "-"}: ${f.message}`);

describe("rules of many checks run in one walk", () => {
  it("when several batched checks run together, then each reports what it reports alone, in the same order", () => {
    const checks = [privileged, hostNetwork, imageTag, combined, inApps];
    const together = audit(checks, true);
    const alone = checks.flatMap((c) => lines(audit([c], true)));
    expect(lines(together)).toEqual(alone);
    expect(lines(together)).toContain("test-combined fail c/c1: bad image");
    expect(lines(together)).toContain("test-combined fail apps/-: apps namespace");
  });

  it("when passes are only counted, then findings and summary match the run that keeps them", () => {
    const counted = audit([privileged, hostNetwork, combined], false);
    const kept = audit([privileged, hostNetwork, combined], true);
    expect(lines(counted)).toEqual(lines(kept).filter((l) => !/ pass /.test(l)));
    expect(counted.summary).toEqual(kept.summary);
    expect(counted.summary.byStatus.pass).toBe(7);
  });

  it("when one batched rule throws, then only that check is unknown with a note, and the others are untouched", () => {
    const report = audit([privileged, throwingCheck(), hostNetwork], false);
    expect(report.notes).toEqual(["check test-throws failed to evaluate: rule broke"]);
    expect(lines(report)).toEqual([
      "test-privileged fail a/c1: container \"c1\" runs privileged",
      "test-throws unknown cluster/-: check could not be evaluated: rule broke",
      "test-host-network fail b/-: uses the host network",
    ]);
    expect(report.summary.byStatus).toEqual({ pass: 5, fail: 2, unknown: 1, not_applicable: 0, waived: 0 });
  });

  it("when the workloads cannot be read at all, then every walking check fails with the error it would meet alone", () => {
    const broken = deployment("x", "containers: { name: c1, image: a:1 }");
    const checks = [privileged, imageTag, inApps];
    const report = runAudit(snapshotOf(broken), { environment: "t", checks, clock: () => new Date("2026-06-01T00:00:00Z") });
    const alone = checks.flatMap((c) => runAudit(snapshotOf(broken), { environment: "t", checks: [c], clock: () => new Date("2026-06-01T00:00:00Z") }).notes);
    expect(report.notes).toEqual(alone);
    expect(report.notes).toHaveLength(3);
    expect(report.findings.map((f) => f.status)).toEqual(["unknown", "unknown", "unknown"]);
  });

  it("when checks walk several lists in different combinations, then each keeps its own order, or runs alone when no order fits", () => {
    const names = (list: "Namespace" | "Deployment", verdict: (name: string) => boolean) => (ctx: Parameters<CheckDefinition["evaluate"]>[0]) =>
      walk(ctx.index.ofKind(list), (out) => (o) => {
        if (verdict(o.metadata.name)) out.add(fail(refOf(o), `${list} ${o.metadata.name}`));
        else out.pass(refOf(o), "fine");
      });
    const check = (id: string, walks: (ctx: Parameters<CheckDefinition["evaluate"]>[0]) => ReturnType<typeof walk>[]) =>
      defineCheck({ ...base, id, title: id, evaluate: (ctx) => walkLists(ctx, walks(ctx)) });
    const deploymentsOnly = check("test-deployments", (ctx) => [names("Deployment", (n) => n === "b")(ctx)]);
    const namespacesThenDeployments = check("test-ns-then-deploy", (ctx) => [names("Namespace", () => true)(ctx), names("Deployment", (n) => n !== "b")(ctx)]);
    const deploymentsThenNamespaces = check("test-deploy-then-ns", (ctx) => [names("Deployment", () => true)(ctx), names("Namespace", () => true)(ctx)]);
    const checks = [deploymentsOnly, namespacesThenDeployments, deploymentsThenNamespaces];
    const together = audit(checks, false);
    expect(lines(together)).toEqual(checks.flatMap((c) => lines(audit([c], false))));
    expect(lines(together).filter((l) => l.startsWith("test-ns-then-deploy")).map((l) => l.split(": ")[1])).toEqual([
      "Namespace apps",
      "Deployment a",
      "Deployment c",
    ]);
  });
});
