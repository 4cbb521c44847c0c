// Reading what people type after `/harden`: quote-aware tokens (cron strings and
// reasons have spaces), environment names with a "did you mean", Kubernetes names,
// and key=value options.
import { closest } from "../src/core/text/closest.js";
import { fail, ok, type CommandContext, type ParseResult } from "./define.js";

// Slack clients turn straight quotes into typographic ones as people type.
const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "”": "”", "‘": "’", "’": "’", "„": "“" };

/** Slack escapes these three in command text whatever the manifest says. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export type Tokens = { ok: true; tokens: string[] } | { ok: false; error: string };

/** Quotes (any kind) and Slack's escapes: text without them is split on whitespace alone. */
const NEEDS_SCAN = /["'“”‘’„&]/;

export function tokenize(text: string): Tokens {
  // The common case (`audit prod ns=web`) needs no character-by-character walk.
  if (!NEEDS_SCAN.test(text)) {
    const trimmed = text.trim();
    return { ok: true, tokens: trimmed === "" ? [] : trimmed.split(/\s+/) };
  }
  const src = unescapeSlack(text);
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let close: string | undefined;
  for (const ch of src) {
    if (close !== undefined) {
      // A straight quote also closes a typographic one: people mix them.
      if (ch === close || (ch === '"' && close !== "'") || (ch === "'" && close === "’")) close = undefined;
      else current += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
      continue;
    }
    // Quotes open only at the start of a word, so "it's" in a reason stays an apostrophe.
    const closing = inToken ? undefined : QUOTES[ch];
    inToken = true;
    if (closing !== undefined) close = closing;
    else current += ch;
  }
  if (close !== undefined) return { ok: false, error: "a quote is not closed" };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}

const quoteArg = (a: string): string => (a === "" || /[\s"']/.test(a) ? `"${a.replace(/"/g, "'")}"` : a);

/** The command as someone would type it, for suggestions. */
export function commandLine(verb: string, args: readonly string[]): string {
  return ["/harden", verb, ...args.map(quoteArg)].join(" ");
}

/** The environment named at `args[index]`, with the closest configured name when it is a typo. */
export function parseEnvironment(verb: string, args: readonly string[], index: number, ctx: CommandContext): ParseResult<string> {
  const name = args[index];
  if (name !== undefined && ctx.environments.includes(name)) return ok(name);
  const configured = ctx.environments.length > 0 ? `configured: ${ctx.environments.join(", ")}` : "no environment is configured";
  if (name === undefined) return fail(`which environment? (${configured})`);
  const near = closest(name, ctx.environments);
  const suggestion = near === undefined ? undefined : commandLine(verb, args.map((a, i) => (i === index ? near : a)));
  return fail(`unknown environment "${name}" (${configured})`, suggestion);
}

/** `parse` for the verbs that take one environment and nothing else. */
export function environmentOnly(verb: string): (args: readonly string[], ctx: CommandContext) => ParseResult<string> {
  return (args, ctx) => (args.length > 1 ? fail(`${verb} takes only the environment`) : parseEnvironment(verb, args, 0, ctx));
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const isNamespaceName = (s: string): boolean => s.length <= 63 && DNS_LABEL.test(s);
export const isObjectName = (s: string): boolean => s.length <= 253 && DNS_SUBDOMAIN.test(s);

/** `key=value` options after the positional arguments; every key must be known. */
export function parseOptions(tokens: readonly string[], keys: readonly string[]): ParseResult<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of tokens) {
    const eq = t.indexOf("=");
    if (eq <= 0) return fail(`"${t}" is not an option (expected ${keys.map((k) => `${k}=…`).join(" or ")})`);
    const key = t.slice(0, eq);
    const value = t.slice(eq + 1);
    if (!keys.includes(key)) {
      const near = closest(key, keys);
      return fail(`unknown option "${key}"${near ? ` (did you mean ${near}=?)` : ""}`);
    }
    if (value === "") return fail(`${key}= needs a value`);
    const values = out.get(key);
    if (values) values.push(value);
    else out.set(key, [value]);
  }
  return ok(out);
}
