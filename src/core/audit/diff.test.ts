import { describe, expect, it } from "vitest";
import { diffFindings } from "./diff.js";

const f = (fingerprint: string, status = "fail") => ({ fingerprint, status });

describe("diffFindings", () => {
  it("when findings appear, vanish or stay, then they are new, fixed or persisting", () => {
    const d = diffFindings([f("a"), f("b"), f("c", "waived")], [f("b"), f("c"), f("d"), f("a", "pass")]);
    expect(d.new.map((x) => x.fingerprint).sort()).toEqual(["c", "d"]);
    expect(d.fixed.map((x) => x.fingerprint)).toEqual(["a"]);
    expect(d.persisting.map((x) => x.fingerprint)).toEqual(["b"]);
  });
});
