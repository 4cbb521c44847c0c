import { describe, expect, it } from "vitest";
import { actions, button, context, divider, fields, header, section, type Block } from "./blocks.js";
import { LIMITS, blocksTextLength, boundedList, clampChars, clampLines, escapeMrkdwn, finishMessage, limitViolations } from "./limits.js";

const sectionOf = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text } });

describe("escapeMrkdwn", () => {
  it("when text holds Slack control characters, then &, < and > are escaped, & first", () => {
    expect(escapeMrkdwn("<!here> a&b &lt;")).toBe("&lt;!here&gt; a&amp;b &amp;lt;");
  });
});

describe("clampChars", () => {
  it("when text fits, then it is unchanged", () => {
    expect(clampChars("short", 10)).toBe("short");
  });

  it("when text is too long, then it ends with an ellipsis within the limit", () => {
    const out = clampChars("x".repeat(200), 150);
    expect(out).toHaveLength(150);
    expect(out.endsWith("…")).toBe(true);
  });

  it("when the cut falls inside an entity, a token or an emoji, then it backs off before it", () => {
    expect(clampChars("abc&amp;def", 6)).toBe("abc…");
    expect(clampChars("hi <@U0ALICE> there", 8)).toBe("hi …");
    expect(clampChars("ab😀cd", 4)).toBe("ab…");
  });
});

describe("clampLines", () => {
  it("when lines do not fit, then whole lines are kept and the dropped count is exact", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
    const out = clampLines(lines.join("\n"), 200);
    expect(out.length).toBeLessThanOrEqual(200);
    const kept = out.split("\n").filter((l) => l.startsWith("line ")).length;
    expect(out).toContain(`…and ${100 - kept} more lines`);
  });

  it("when a single line is too long, then it is cut with the count of characters left out", () => {
    const out = clampLines("y".repeat(5_000), 3_000);
    expect(out.length).toBeLessThanOrEqual(3_000);
    expect(out).toMatch(/… \(\d+ more characters\)$/);
    expect(Number(out.match(/(\d+) more characters/)![1]) + out.indexOf("…")).toBe(5_000);
  });

  it("when the cut leaves a code fence open, then the fence is closed", () => {
    const out = clampLines("```\n" + "code line\n".repeat(500) + "```", 300);
    expect((out.match(/```/g) ?? []).length % 2).toBe(0);
    expect(out.length).toBeLessThanOrEqual(300);
  });
});

describe("boundedList", () => {
  it("when the list exceeds the line cap, then the rest is counted", () => {
    expect(boundedList(["a", "b", "c", "d"], { maxLines: 2, maxChars: 1_000, noun: "items" })).toBe("a\nb\n…and 2 more items");
  });

  it("when the list exceeds the character budget, then the result, count included, stays within it", () => {
    const lines = Array.from({ length: 50 }, () => "z".repeat(40));
    const out = boundedList(lines, { maxChars: 300, noun: "items" });
    expect(out.length).toBeLessThanOrEqual(300);
    const kept = out.split("\n").length - 1;
    expect(out.endsWith(`…and ${50 - kept} more items`)).toBe(true);
  });
});

describe("builders", () => {
  it("when a header, section or button text is too long, then the builder clamps it to Slack's limit", () => {
    expect(header("h".repeat(400)).text.text.length).toBe(LIMITS.headerText);
    expect(section("s\n".repeat(4_000)).text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(button({ actionId: "a", text: "b".repeat(100) }).text.text.length).toBe(LIMITS.buttonText);
  });

  it("when a button value is longer than Slack allows, then building it fails rather than cutting an id", () => {
    expect(() => button({ actionId: "a", text: "b", value: "v".repeat(2_001) })).toThrow(/over Slack's 2000/);
    expect(button({ actionId: "a", text: "b", value: "v".repeat(2_000) }).value).toHaveLength(2_000);
  });
});

describe("limitViolations", () => {
  it("when a message is within every limit, then there is nothing to report", () => {
    expect(limitViolations({ text: "t", blocks: [sectionOf("ok")] })).toEqual([]);
  });

  it("when a message breaks limits, then each one is reported", () => {
    const tooMany = Array.from({ length: 51 }, () => sectionOf("x"));
    expect(limitViolations({ text: "t", blocks: tooMany })).toContain("51 blocks > 50");
    expect(limitViolations({ text: "t", blocks: tooMany }, "home")).toEqual([]);
    const big: Block[] = [
      { type: "header", text: { type: "plain_text", text: "h".repeat(151) } },
      sectionOf("s".repeat(3_001)),
      {
        type: "actions",
        elements: [
          { type: "button", action_id: "dup", text: { type: "plain_text", text: "b".repeat(76) }, value: "v".repeat(2_001) },
          { type: "button", action_id: "dup", text: { type: "plain_text", text: "ok" } },
        ],
      },
    ];
    const problems = limitViolations({ text: "", blocks: big }).join("\n");
    expect(problems).toContain("151 > 150");
    expect(problems).toContain("3001 > 3000");
    expect(problems).toContain("button text 76 > 75");
    expect(problems).toContain("button value > 2000");
    expect(problems).toContain("duplicate action_id dup");
    expect(problems).toContain("missing fallback text");
  });

  it("when blocks together exceed the aggregate budget, then it is reported even though each block fits", () => {
    const blocks = Array.from({ length: 5 }, () => sectionOf("a".repeat(2_900)));
    expect(limitViolations({ text: "t", blocks })).toContain("message text 14500 > 12000");
  });
});

describe("blocksTextLength", () => {
  it("when blocks carry text in every place Slack counts, then each character is counted once", () => {
    const confirm = { title: "T", text: "tt", confirm: "ccc", deny: "dddd" }; // 10 characters
    const blocks: Block[] = [
      header("hhhhh"), // 5
      section("sss", { accessory: button({ actionId: "a", text: "bb", confirm }) }), // 3 + 2 + 10
      fields(["f", "ff"]), // 3
      context("x", "yy"), // 3
      actions([button({ actionId: "b", text: "b1" }), button({ actionId: "c", text: "c22", confirm })]), // 2 + 3 + 10
      divider(),
    ];
    expect(blocksTextLength(blocks)).toBe(5 + 15 + 3 + 3 + 15);
  });
});

describe("finishMessage", () => {
  it("when there are too many blocks, then the tail is replaced by a note counting what was dropped", () => {
    const blocks = Array.from({ length: 60 }, (_, i) => sectionOf(`b${i}`));
    const msg = finishMessage("t", blocks);
    expect(msg.blocks).toHaveLength(50);
    expect(JSON.stringify(msg.blocks.at(-1))).toContain("…and 11 more blocks not shown");
    expect(limitViolations(msg)).toEqual([]);
  });

  it("when the text budget is exceeded, then blocks are dropped until it fits", () => {
    const blocks = Array.from({ length: 10 }, () => sectionOf("a".repeat(2_500)));
    const msg = finishMessage("t", blocks);
    expect(blocksTextLength(msg.blocks)).toBeLessThanOrEqual(LIMITS.messageText);
    expect(limitViolations(msg)).toEqual([]);
  });

  it("when the fallback text is huge, then it is clamped", () => {
    expect(finishMessage("f".repeat(10_000), [sectionOf("x")]).text.length).toBe(LIMITS.fallbackText);
  });
});
