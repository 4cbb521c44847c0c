import { describe, expect, it } from "vitest";
import { commandLine, parseEnvironment, parseOptions, tokenize } from "./args.js";
import type { CommandContext } from "./define.js";

const ctx: CommandContext = { userId: "U1", channelId: "C1", teamId: "T1", environments: ["prod", "staging"], now: new Date(0) };

describe("tokenize", () => {
  it("when words are separated by runs of spaces, then each word is a token", () => {
    expect(tokenize("  audit   prod ns=web ")).toEqual({ ok: true, tokens: ["audit", "prod", "ns=web"] });
  });

  it("when the text has tabs, newlines or nothing but blanks, then every run of whitespace separates, and blanks alone give no token", () => {
    expect(tokenize("audit\tprod\n ns=web")).toEqual({ ok: true, tokens: ["audit", "prod", "ns=web"] });
    expect(tokenize(" \t ")).toEqual({ ok: true, tokens: [] });
    expect(tokenize("")).toEqual({ ok: true, tokens: [] });
    // The same text with a quote takes the quote-aware walk and agrees.
    expect(tokenize("audit\tprod\n ns=web 'x'")).toEqual({ ok: true, tokens: ["audit", "prod", "ns=web", "x"] });
  });

  it("when a cron expression is quoted, then it stays one token", () => {
    expect(tokenize('schedule add a prod digest "0 8 * * 1-5" Europe/Paris')).toEqual({
      ok: true,
      tokens: ["schedule", "add", "a", "prod", "digest", "0 8 * * 1-5", "Europe/Paris"],
    });
  });

  it("when Slack turned the quotes typographic, then they still group the words", () => {
    expect(tokenize("schedule add a prod audit “0 2 * * *”")).toMatchObject({ tokens: ["schedule", "add", "a", "prod", "audit", "0 2 * * *"] });
    expect(tokenize("x ‘a b’")).toMatchObject({ tokens: ["x", "a b"] });
  });

  it("when a word has an apostrophe inside, then it is not a quote", () => {
    expect(tokenize("waive abc 3 it's a vendor’s image")).toMatchObject({ tokens: ["waive", "abc", "3", "it's", "a", "vendor’s", "image"] });
  });

  it("when Slack escaped &, < and >, then the tokens read as typed", () => {
    expect(tokenize("waive x 3 a &amp; b &lt;c&gt;")).toMatchObject({ tokens: ["waive", "x", "3", "a", "&", "b", "<c>"] });
  });

  it("when a quote is never closed, then it is an error", () => {
    expect(tokenize('schedule add a prod digest "0 8 * *')).toEqual({ ok: false, error: "a quote is not closed" });
  });

  it("when a quoted token is empty, then it is kept as an empty token", () => {
    expect(tokenize('a "" b')).toEqual({ ok: true, tokens: ["a", "", "b"] });
  });
});

describe("parseEnvironment", () => {
  it("when the name is configured, then it is accepted", () => {
    expect(parseEnvironment("audit", ["prod"], 0, ctx)).toEqual({ ok: true, value: "prod" });
  });

  it("when the name is a typo, then the error lists the environments and suggests the corrected command", () => {
    const r = parseEnvironment("audit", ["prdo", "ns=web"], 0, ctx);
    expect(r).toEqual({ ok: false, error: 'unknown environment "prdo" (configured: prod, staging)', suggestion: "/harden audit prod ns=web" });
  });

  it("when the name is nothing like a configured one, then there is no suggestion", () => {
    expect(parseEnvironment("audit", ["qa-east-7"], 0, ctx)).toEqual({ ok: false, error: 'unknown environment "qa-east-7" (configured: prod, staging)' });
  });

  it("when the name is missing, then the error asks which one", () => {
    expect(parseEnvironment("diff", [], 0, ctx)).toMatchObject({ ok: false, error: "which environment? (configured: prod, staging)" });
  });
});

describe("parseOptions and commandLine", () => {
  it("when an option key is mistyped, then the error names the closest key", () => {
    expect(parseOptions(["nss=web"], ["ns", "check"])).toMatchObject({ ok: false, error: 'unknown option "nss" (did you mean ns=?)' });
  });

  it("when a key repeats, then every value is kept in order", () => {
    const r = parseOptions(["check=a", "check=b"], ["check"]);
    expect(r.ok && r.value.get("check")).toEqual(["a", "b"]);
  });

  it("when an argument has spaces, then the suggested command quotes it", () => {
    expect(commandLine("schedule add", ["a", "prod", "digest", "0 8 * * *"])).toBe('/harden schedule add a prod digest "0 8 * * *"');
  });
});
