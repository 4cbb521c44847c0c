import { describe, expect, it } from "vitest";
import { isApprovalId, parseRemediateValue } from "./actions.js";

describe("button values", () => {
  it("when a Remediate value is <runId>:<fingerprint>, then both parts are read", () => {
    expect(parseRemediateValue("42:0123456789abcdef")).toEqual({ runId: 42, fingerprint: "0123456789abcdef" });
  });

  it("when a Remediate value is anything else, then it names nothing", () => {
    for (const v of [undefined, "", "42", "x:0123456789abcdef", "42:XYZ", "42:0123456789abcdef:extra", "-1:0123456789abcdef", `${"9".repeat(20)}:0123456789abcdef`]) {
      expect(parseRemediateValue(v)).toBeUndefined();
    }
  });

  it("when an approval id is checked, then only apr_ and hex pass", () => {
    expect(isApprovalId("apr_0123456789abcdef0123")).toBe(true);
    for (const v of [undefined, "", "apr_", "apr_XYZ", "123", "apr_0123'; drop table x"]) expect(isApprovalId(v)).toBe(false);
  });
});
