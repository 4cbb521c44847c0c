import { describe, expect, it } from "vitest";
import type { ActionsBlock, Block } from "./blocks.js";
import { renderApprovalDecided, renderApprovalRequest, type ApprovalRequestView } from "./approval.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";

const request: ApprovalRequestView = {
  id: "apr_0123456789abcdef0123",
  kind: "remediation",
  environment: "prod",
  requestedBy: "U0ALICE",
  requestedAt: "2026-03-02T09:35:00Z",
  expiresAt: "2026-03-02T10:35:00Z",
  summary: "Set securityContext.privileged to false on container app; the image runs unprivileged upstream.",
  resource: { kind: "Deployment", namespace: "payments", name: "api", container: "app" },
  diff: [
    "--- a/apps/v1/Deployment/payments/api",
    "+++ b/apps/v1/Deployment/payments/api",
    "@@ spec.template.spec.containers[app].securityContext @@",
    "-  privileged: true",
    "+  privileged: false",
  ].join("\n"),
};

const actionsOf = (blocks: Block[]) => blocks.filter((b): b is ActionsBlock => b.type === "actions");

describe("approval messages", () => {
  it("when a remediation is requested, then the message shows the diff and Approve/Reject carrying only the id", async () => {
    const msg = renderApprovalRequest(request);
    expectWithinLimits(msg);
    const [acts] = actionsOf(msg.blocks);
    expect(acts!.elements.map((e) => [e.action_id, e.value, e.style])).toEqual([
      ["approval_approve", request.id, "primary"],
      ["approval_reject", request.id, "danger"],
    ]);
    expect(acts!.elements[0]!.confirm?.title.text).toBe("Apply this change?");
    expect(JSON.stringify(msg.blocks)).toContain("```\\n--- a/apps/v1/Deployment/payments/api");
    await expectGolden("approval-request", msg);
  });

  it("when the diff is very long, then it is cut by whole lines with the count and the fence stays closed", () => {
    const diff = Array.from({ length: 2_000 }, (_, i) => `+  line-${i}: value`).join("\n");
    const msg = renderApprovalRequest({ ...request, diff });
    expectWithinLimits(msg);
    const code = msg.blocks.find((b) => b.type === "section" && b.text?.text.startsWith("```"));
    const text = code && code.type === "section" ? code.text!.text : "";
    expect(text).toMatch(/```\n…and \d+ more lines$/);
    const kept = text.split("\n").filter((l) => l.startsWith("+  line-")).length;
    expect(kept + Number(text.match(/and (\d+) more lines/)![1])).toBe(2_000);
  });

  it("when the diff contains a code fence or Slack syntax, then it cannot escape the code block", () => {
    const msg = renderApprovalRequest({ ...request, diff: "+ note: ```\n+ <!channel> & more" });
    const text = JSON.stringify(msg.blocks);
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("`\u200b``");
  });

  it("when a waiver is requested, then the confirm dialog speaks of accepting a risk", () => {
    const msg = renderApprovalRequest({ ...request, kind: "waiver", diff: "" });
    expect(actionsOf(msg.blocks)[0]!.elements[0]!.confirm?.title.text).toBe("Accept this risk?");
    expect(JSON.stringify(msg.blocks)).not.toContain("```");
  });

  it("when a request is decided, then the update has no buttons and says who and how it ended", async () => {
    const msg = renderApprovalDecided({
      ...request,
      status: "executed",
      decidedBy: "U0BOB",
      decidedAt: "2026-03-02T09:41:00Z",
      outcome: "Dry run passed; patch applied; privileged-container now passes on payments/api.",
    });
    expectWithinLimits(msg);
    expect(actionsOf(msg.blocks)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain("by <@U0BOB>");
    await expectGolden("approval-executed", msg);
  });

  it("when a request expired, then the update says nobody decided in time", async () => {
    const msg = renderApprovalDecided({ ...request, status: "expired", decidedBy: null, decidedAt: "2026-03-02T10:35:00Z" });
    expect(actionsOf(msg.blocks)).toEqual([]);
    expect(msg.text).toContain("expired");
    expect(JSON.stringify(msg.blocks)).toContain("nobody decided");
    await expectGolden("approval-expired", msg);
  });

  it("when a request was rejected, then the update says by whom", () => {
    const msg = renderApprovalDecided({ ...request, status: "rejected", decidedBy: "U0BOB", decidedAt: "2026-03-02T09:40:00Z" });
    expect(msg.text).toContain("rejected");
    expect(JSON.stringify(msg.blocks)).toContain("*Rejected* by <@U0BOB>");
  });
});
