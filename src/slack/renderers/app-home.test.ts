import { describe, expect, it } from "vitest";
import { renderAppHome } from "./app-home.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";

describe("renderAppHome", () => {
  it("when environments exist, then each shows its score, last run and open approvals", async () => {
    const view = renderAppHome({
      environments: [
        { name: "prod", score: 82, lastRunAt: "2026-03-02T09:30:00Z", openApprovals: 2 },
        { name: "staging", score: null, lastRunAt: null, openApprovals: 0 },
      ],
    });
    expect(view.type).toBe("home");
    expectWithinLimits(view, "home");
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("*prod*\\nScore *82/100*");
    expect(text).toContain("2 open approvals");
    expect(text).toContain("*Last audit*\\nnever");
    await expectGolden("app-home", view);
  });

  it("when there are more environments than a Home view holds, then it stays within 100 blocks and counts the rest", () => {
    const environments = Array.from({ length: 80 }, (_, i) => ({ name: `env-${i}`, score: i, lastRunAt: null, openApprovals: 0 }));
    const view = renderAppHome({ environments });
    expectWithinLimits(view, "home");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks)).toMatch(/…and \d+ more environments not shown/);
  });

  it("when no environment is configured, then it says where to add one", () => {
    expect(JSON.stringify(renderAppHome({ environments: [] }).blocks)).toContain("No environments are configured");
  });
});
