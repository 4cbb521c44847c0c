import { describe, expect, it } from "vitest";
import { createLimiter, describeConnectionFailure, parseRetryAfter, shouldRetry } from "./http.js";

describe("createLimiter", () => {
  it("when more tasks than the limit are queued, then at most the limit run at once and all finish", async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const task = () =>
      limit(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
      });
    const all = Promise.all(Array.from({ length: 5 }, task));
    // Release tasks one by one as they start, so every slot is exercised.
    while (gates.length > 0 || running > 0) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await all;
    expect(peak).toBe(2);
  });

  it("when a task fails, then its slot is released for the next one", async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(async () => "next")).resolves.toBe("next");
  });

  it("when the limit is not a positive integer, then it is refused", () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe("describeConnectionFailure", () => {
  it.each([
    ["ECONNREFUSED", "connection refused"],
    ["ENOTFOUND", "host name could not be resolved"],
    ["CERT_HAS_EXPIRED", "TLS handshake failed (CERT_HAS_EXPIRED)"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER)"],
    ["EWHATEVER", "network error (EWHATEVER)"],
  ])("when the socket fails with %s, then it reads %s", (code, phrase) => {
    expect(describeConnectionFailure(Object.assign(new Error("x"), { code }))).toBe(phrase);
  });
});

describe("Retry-After", () => {
  it("when it is seconds or an HTTP date, then it reads as milliseconds; anything else is ignored", () => {
    const now = Date.parse("2026-11-27T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Fri, 27 Nov 2026 12:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Fri, 27 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it("when the answer is 429, or a 5xx that asks to come back, then it is retried; other failures are not", () => {
    const res = (status: number, retryAfterMs?: number) => ({ status, body: undefined, excerpt: "", ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    expect(shouldRetry(res(429))).toBe(true);
    expect(shouldRetry(res(503, 1000))).toBe(true);
    expect(shouldRetry(res(503))).toBe(false);
    expect(shouldRetry(res(403, 1000))).toBe(false);
    expect(shouldRetry(res(200))).toBe(false);
  });
});
