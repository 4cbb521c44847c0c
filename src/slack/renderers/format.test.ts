import { describe, expect, it } from "vitest";
import { code, codeBlock, proseToMrkdwn, scoreDelta, slackDate, sparkline, toFindingView, who } from "./format.js";

describe("format helpers", () => {
  it("when scores are drawn, then the sparkline spans min to max, gaps show as dots and flat series stay flat", () => {
    expect(sparkline([10, 20, 30, 40])).toBe("▁▃▆█");
    expect(sparkline([50, null, 50])).toBe("▄·▄");
    expect(sparkline([])).toBe("");
  });

  it("when scores are compared, then the delta shows direction or nothing without a previous score", () => {
    expect(scoreDelta(82, 78)).toBe("▲ 4");
    expect(scoreDelta(70, 78)).toBe("▼ 8");
    expect(scoreDelta(70, 70)).toBe("±0");
    expect(scoreDelta(70, null)).toBe("");
    expect(scoreDelta(null, 70)).toBe("");
  });

  it("when an actor is a Slack user id, then it becomes a mention, otherwise escaped text", () => {
    expect(who("U0ALICE")).toBe("<@U0ALICE>");
    expect(who("cli:<bob>")).toBe("cli:&lt;bob&gt;");
  });

  it("when a date is shown, then Slack localises it and the UTC text is the fallback", () => {
    expect(slackDate("2026-03-02T09:30:00Z")).toBe("<!date^1772443800^{date_short_pretty} {time}|2026-03-02 09:30 UTC>");
    expect(slackDate("not a date")).toBe("not a date");
  });

  it("when inline code holds backticks, then they cannot end the span", () => {
    expect(code("a`b<c")).toBe("`aˋb&lt;c`");
  });

  it("when a code block fits, then it is fenced and escaped", () => {
    expect(codeBlock("a < b\n", 100)).toBe("```\na &lt; b\n```");
  });

  it("when check prose uses Markdown bold and links, then they become mrkdwn", () => {
    expect(proseToMrkdwn("**Do** see [docs](https://k8s.io/x?a=1&b=2) <now>")).toBe("*Do* see <https://k8s.io/x?a=1&amp;b=2|docs> &lt;now&gt;");
  });

  it("when a finding comes from the history store, then it reads like a report finding", () => {
    const view = toFindingView({
      fingerprint: "f",
      checkId: "c",
      title: "t",
      severity: "low",
      category: "rbac",
      status: "fail",
      kind: "Role",
      namespace: null,
      name: "r",
      container: null,
      message: "m",
    });
    expect(view.resource).toEqual({ kind: "Role", name: "r" });
    expect(view.fixable).toBe(false);
  });
});
