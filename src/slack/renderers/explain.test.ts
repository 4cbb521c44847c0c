import { describe, expect, it } from "vitest";
import { defineCheck } from "../../core/checks/types.js";
import { renderExplain } from "./explain.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";
import { sampleCheck } from "../../../test/support/render-samples.js";

describe("renderExplain", () => {
  it("when a check is explained, then its prose, fix and peer ids are shown", async () => {
    const msg = renderExplain(sampleCheck);
    expectWithinLimits(msg);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain("*every capability*");
    expect(text).toContain("<https://kubernetes.io/docs/concepts/security/pod-security-standards/|the Pod Security Standards>");
    expect(text).toContain("*CIS Benchmark*\\n5.2.2");
    expect(text).toContain("Remediate");
    await expectGolden("explain", msg);
  });

  it("when a check has no fix and no references, then it says a person must fix it and shows no reference fields", () => {
    const check = defineCheck({ ...sampleCheck, id: "manual-only", references: {}, fix: undefined });
    const msg = renderExplain(check);
    expect(JSON.stringify(msg.blocks)).toContain("No automatic fix");
    expect(msg.blocks.some((b) => b.type === "section" && b.fields)).toBe(false);
  });

  it("when check prose is longer than a section, then it is cut with a visible count", () => {
    const check = defineCheck({ ...sampleCheck, id: "long-prose", description: "A sentence that goes on.\n".repeat(400) });
    const msg = renderExplain(check);
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toMatch(/…and \d+ more lines/);
  });
});
