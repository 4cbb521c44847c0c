import { describe, expect, it } from "vitest";
import { generateCluster, FULL_SCALE } from "../../../bench/synthetic-cluster.js";
import { loadExampleCluster } from "../../../test/support/example-cluster.js";
import { runAudit } from "../audit/engine.js";
import { indexSnapshot } from "../snapshot/index.js";
import { detectPlatform } from "../snapshot/platform.js";
import type { ClusterSnapshot } from "../snapshot/types.js";
import { fixturesFor } from "./fixtures.js";
import { ALL_CHECKS } from "./registry.js";
import { DEFAULT_AUDIT_SETTINGS } from "./settings.js";
import type { CheckContext } from "./types.js";

// The audit marks findings fixable with `fixable`, which answers without building
// the patch; the approval flow builds it with `fix`. The two must never disagree.
const NOW = new Date("2026-11-27T00:00:00Z");

const exampleCluster = (): ClusterSnapshot => loadExampleCluster(NOW).snapshot;

const fixableChecks = ALL_CHECKS.filter((c) => c.fixable !== undefined);

describe("fixable agrees with fix", () => {
  it("when a check has a fix, then it also answers fixable cheaply", () => {
    expect(ALL_CHECKS.filter((c) => c.fix !== undefined && c.fixable === undefined).map((c) => c.id)).toEqual([]);
    expect(fixableChecks.length).toBeGreaterThanOrEqual(3);
  });

  for (const check of fixableChecks) {
    it(`when ${check.id} reports on the example, a synthetic cluster and its fixtures, then fixable is true exactly where fix gives a patch`, () => {
      const snapshots = [
        exampleCluster(),
        generateCluster({ ...FULL_SCALE, namespaces: 30, rbacObjects: 40, networkPolicies: 10, secrets: 10, nodes: 4 }, 11),
        ...fixturesFor(check).map((f) => f.snapshot),
      ];
      let fixable = 0;
      let compared = 0;
      for (const snapshot of snapshots) {
        const index = indexSnapshot(snapshot);
        const ctx: CheckContext = { index, platform: detectPlatform(index), settings: DEFAULT_AUDIT_SETTINGS, now: NOW };
        const report = runAudit(snapshot, { environment: "t", checks: [check], clock: () => NOW, includePassed: true });
        for (const f of report.findings) {
          const result = { status: f.status === "waived" ? "fail" : f.status, resource: f.resource, message: f.message } as const;
          const answer = check.fixable!(ctx, result);
          expect(answer, `${check.id} ${f.resource.kind}/${f.resource.name}/${f.resource.container}`).toBe(check.fix!(ctx, result) !== undefined);
          compared++;
          if (answer) fixable++;
        }
      }
      expect(compared).toBeGreaterThan(20);
      expect(fixable).toBeGreaterThan(0);
      expect(fixable).toBeLessThan(compared);
    });
  }
});
