import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateCluster, FULL_SCALE } from "../../../bench/synthetic-cluster.js";
import { loadExampleCluster } from "../../../test/support/example-cluster.js";
import { ALL_CHECKS } from "../checks/registry.js";
import type { ClusterSnapshot } from "../snapshot/types.js";
import { runAudit, type AuditReport } from "./engine.js";

// Pins everything the whole catalog says about two clusters, passes included, so
// that speed work on the engine, the index and the check helpers cannot change a
// status, a message, a resource, a fingerprint or the order of findings unseen.
// When a check's behaviour changes on purpose, recompute the digests with it.
const NOW = new Date("2026-11-27T00:00:00Z");

const PIN_MINI_SUMMARY = {
  byStatus: { pass: 11010, fail: 2238, unknown: 6, not_applicable: 64, waived: 0 },
  bySeverity: { critical: 17, high: 145, medium: 873, low: 1203, info: 0 },
};
const PIN_EXAMPLE_SUMMARY = {
  byStatus: { pass: 1336, fail: 494, unknown: 17, not_applicable: 158, waived: 0 },
  bySeverity: { critical: 11, high: 91, medium: 199, low: 193, info: 0 },
};
const PIN_EXAMPLE_BY_CATEGORY = {
  rbac: 85, etcd: 100, "encryption-at-rest": 0, authentication: 83, kubelet: 73, "node-isolation": 96, network: 27,
  "pod-security": 82, images: 74, secrets: 71, admission: 73, "audit-logging": 80, "unused-features": 79, version: 90, runtime: 57,
};

const digest = (report: AuditReport) => createHash("sha256").update(JSON.stringify(report.findings)).digest("hex").slice(0, 16);

function audit(snapshot: ClusterSnapshot, includePassed: boolean): AuditReport {
  return runAudit(snapshot, { environment: "pin", checks: ALL_CHECKS, clock: () => NOW, includePassed });
}

function miniCluster(): ClusterSnapshot {
  return generateCluster({ ...FULL_SCALE, namespaces: 30, rbacObjects: 400, networkPolicies: 60, secrets: 80, nodes: 6 }, 7);
}

const exampleCluster = (): ClusterSnapshot => loadExampleCluster(NOW).snapshot;

describe("audit output pin", () => {
  it("when the synthetic mini-cluster is audited, then every result, the summary and the score are unchanged", () => {
    const snapshot = miniCluster();
    const all = audit(snapshot, true);
    const failing = audit(snapshot, false);
    expect(all.findings).toHaveLength(13318);
    expect(digest(all)).toBe("529f2d9fb4728a32");
    expect(failing.findings).toHaveLength(2308);
    expect(digest(failing)).toBe("006c75dbe5965e0c");
    expect(failing.summary).toEqual(all.summary);
    expect(failing.summary).toEqual(PIN_MINI_SUMMARY);
    expect(failing.score).toBe(91);
    expect(failing.notes).toEqual(all.notes);
  });

  it("when the example cluster is audited, then every result, the summary and the score are unchanged", () => {
    const snapshot = exampleCluster();
    const all = audit(snapshot, true);
    const failing = audit(snapshot, false);
    expect(all.findings).toHaveLength(2005);
    expect(digest(all)).toBe("6ee898352336c253");
    expect(failing.findings).toHaveLength(669);
    expect(digest(failing)).toBe("3b2cc775c0120fb9");
    expect(failing.summary).toEqual(PIN_EXAMPLE_SUMMARY);
    expect(failing.score).toBe(80);
    expect(failing.scoreByCategory).toEqual(PIN_EXAMPLE_BY_CATEGORY);
  });
});
