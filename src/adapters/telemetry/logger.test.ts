import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { MASK, base64Cores, createSanitizer } from "./sanitize.js";

const BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx";
const SIGNING = "8f742231b10e8888abcd99yyyzzz85a5";
const DB_PASSWORD = 'p@ss"w/rd+with:odd=chars';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ secrets: [BOT, SIGNING, DB_PASSWORD, undefined], destination: { write: (s: string) => void lines.push(s) } });
  return { log, text: () => lines.join("") };
}

describe("secret sanitizer", () => {
  it("when a secret appears as typed, then it is masked", () => {
    const clean = createSanitizer([BOT]);
    expect(clean(`token=${BOT} end`)).toBe(`token=${MASK} end`);
  });

  it("when a secret appears base64-encoded at any alignment inside a longer blob, then its encoding is masked", () => {
    const clean = createSanitizer([SIGNING]);
    for (const prefix of ["", "a", "ab", "user:"]) {
      const blob = Buffer.from(`${prefix}${SIGNING}-suffix`).toString("base64");
      const out = clean(`Authorization: Basic ${blob}`);
      expect(out).toContain(MASK);
      // What is left around the mask cannot decode back to the secret.
      expect(Buffer.from(out.replace(MASK, ""), "base64").toString("latin1")).not.toContain(SIGNING);
    }
  });

  it("when a secret appears base64url-encoded without padding, then it is masked", () => {
    const clean = createSanitizer([BOT]);
    const encoded = Buffer.from(BOT).toString("base64url");
    expect(clean(`x=${encoded}`)).toBe(`x=${MASK}`);
  });

  it("when a secret appears JSON-escaped or URL-encoded, then it is masked", () => {
    const clean = createSanitizer([DB_PASSWORD]);
    expect(clean(JSON.stringify({ url: `postgres://u:${DB_PASSWORD}@db/h` }))).not.toContain(JSON.stringify(DB_PASSWORD).slice(1, -1));
    expect(clean(`postgres://u:${encodeURIComponent(DB_PASSWORD)}@db/h`)).toBe(`postgres://u:${MASK}@db/h`);
  });

  it("when text holds no secret, then it is returned unchanged", () => {
    const clean = createSanitizer([BOT, SIGNING]);
    const text = "audit of prod queued by U0ALICE (job 42), sha256:abc";
    expect(clean(text)).toBe(text);
  });

  it("when a secret is very short, then only its raw forms are used and no short base64 fragment is", () => {
    expect(base64Cores("abcd")).toEqual([]);
    expect(createSanitizer(["abc"])("abc abc")).toBe("abc abc");
  });
});

describe("logger", () => {
  it("when a secret is logged in a message, a field, an error and in base64, then no line carries it", () => {
    const { log, text } = capture();
    log.info({ header: `Bearer ${BOT}`, nested: { basic: Buffer.from(`harden:${SIGNING}`).toString("base64") } }, `calling Slack with ${BOT}`);
    log.error({ err: new Error(`connect failed for postgres://harden:${DB_PASSWORD}@db:5432/harden`) }, "database down");
    log.warn({ encoded: Buffer.from(BOT).toString("base64") }, "encoded");
    log.flush();
    const out = text();
    expect(out).toContain(MASK);
    for (const secret of [BOT, SIGNING, DB_PASSWORD, Buffer.from(BOT).toString("base64")]) expect(out).not.toContain(secret);
    expect(out).not.toContain(JSON.stringify(DB_PASSWORD).slice(1, -1));
    expect(out).toContain("database down");
  });

  it("when a Slack body with a token and a response_url is logged, then both known paths are dropped", () => {
    const { log, text } = capture();
    log.info({ body: { token: "verification-token-value", response_url: "https://hooks.slack.com/commands/T0/1/secretpath", text: "audit prod" } }, "command");
    log.flush();
    const out = text();
    expect(out).not.toContain("verification-token-value");
    expect(out).not.toContain("secretpath");
    expect(out).toContain("audit prod");
  });
});
