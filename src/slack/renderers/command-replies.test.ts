import { describe, expect, it } from "vitest";
import { renderDenied, renderHelp, renderUsageError } from "./command-replies.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";

describe("command replies", () => {
  it("when help is asked, then it lists the given commands with usage and description", async () => {
    const msg = renderHelp([
      { usage: "/harden audit <env> [ns=NS] [check=ID]", description: "Audit an environment now." },
      { usage: "/harden explain <check-id>", description: "What a check looks for and how to fix it." },
    ]);
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toContain("`/harden audit &lt;env&gt; [ns=NS] [check=ID]`");
    await expectGolden("help", msg);
  });

  it("when the caller may run nothing, then help says how to get a role", () => {
    const msg = renderHelp([]);
    expect(JSON.stringify(msg.blocks)).toContain("add you to a role");
  });

  it("when help has more entries than one section holds, then it continues in further sections within limits", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ usage: `/harden verb-${i} <env>`, description: "d".repeat(120) }));
    const msg = renderHelp(many);
    expectWithinLimits(msg);
    expect(msg.blocks.filter((b) => b.type === "section").length).toBeGreaterThan(1);
  });

  it("when a command is malformed, then the reply carries the problem, the closest command and the usage", async () => {
    const msg = renderUsageError({ message: "Unknown verb “audt”.", suggestion: "/harden audit prod", usage: "/harden audit <env> [ns=NS] [check=ID]" });
    expectWithinLimits(msg);
    expect(JSON.stringify(msg.blocks)).toContain("Did you mean `/harden audit prod`?");
    await expectGolden("usage-error", msg);
  });

  it("when there is no close command, then no suggestion is made", () => {
    expect(JSON.stringify(renderUsageError({ message: "Missing environment.", usage: "/harden diff <env>" }).blocks)).not.toContain("Did you mean");
  });

  it("when an action is refused, then the reply names the role it needs and where roles are set", async () => {
    const msg = renderDenied({ action: "approve remediation requests in prod", requiredRole: "approver" });
    expectWithinLimits(msg);
    expect(msg.text).toBe("You may not approve remediation requests in prod: it takes the approver role.");
    expect(JSON.stringify(msg.blocks)).toContain("`roles.approvers`");
    await expectGolden("denied", msg);
  });
});
