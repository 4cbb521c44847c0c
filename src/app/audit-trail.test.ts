import { describe, expect, it } from "vitest";
import { FakeLog, fakeClock } from "../../test/support/fakes.js";
import type { AuditTrailEntry, HistoryRepository } from "../ports/history.js";
import { createAuditTrail, redactDetails, redactSecrets } from "./audit-trail.js";

describe("redactSecrets", () => {
  it("when text carries well-known token shapes, then each is masked", () => {
    const samples = [
      "xoxb-2222222222-3333333333-abcdefABCDEF",
      "xapp-1-A0000000-1111-abcdef0123",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "AKIAIOSFODNN7EXAMPLE",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
    ];
    for (const s of samples) expect(redactSecrets(`before ${s} after`)).toBe("before [redacted] after");
  });

  it("when a secret-named key is followed by a value, then the key stays and the value goes", () => {
    expect(redactSecrets("db password=hunter2 and api_key: abc123 and Bearer abcdefghijk123")).toBe(
      "db password=[redacted] and api_key: [redacted] and Bearer [redacted]",
    );
  });

  it("when the only sign of a secret is a marker or key word, then it is masked too (nothing skips the patterns)", () => {
    // One of each pattern's shortest forms: text that matches no pattern is passed
    // through unscanned, so a marker missing from that first check would leak these.
    const masked: Array<[string, string]> = [
      ["pwd=x", "pwd=[redacted]"],
      ["passphrase: y", "passphrase: [redacted]"],
      ["access-key=z", "access-key=[redacted]"],
      ["private_key=q", "private_key=[redacted]"],
      ["client_secret=w", "client_secret=[redacted]"],
      ["apikey=k", "apikey=[redacted]"],
      ["token=t", "token=[redacted]"],
      ["Basic abcdefgh12", "Basic [redacted]"],
      ["gho_abcdefghijklmnopqrstuv", "[redacted]"],
      ["github_pat_abcdefghijklmnopqrstuv", "[redacted]"],
      ["ASIAIOSFODNN7EXAMPLE", "[redacted]"],
      ["sk-abcdefghijklmnop12", "[redacted]"],
      ["xoxp-12345678", "[redacted]"],
    ];
    for (const [secret, expected] of masked) expect(redactSecrets(`a ${secret} b`)).toBe(`a ${expected} b`);
  });

  it("when text carries identifiers, then they are kept", () => {
    const text = "finding 0123456789abcdef, request apr_0123456789abcdef0123, image nginx@sha256:" + "a".repeat(64) + ", secret payments/db-password";
    expect(redactSecrets(text)).toBe(text);
  });

  it("when a long opaque blob mixes letters and digits, then it is masked", () => {
    expect(redactSecrets("blob dGhpcy1pcy1hLXZlcnktbG9uZy1zZWNyZXQtdmFsdWU0Mg end")).toBe("blob [redacted] end");
  });

  it("when details nest values under secret-named keys, then those values are dropped whatever they look like", () => {
    expect(redactDetails({ a: { token: "short", clientSecret: 42, list: ["password=x"] }, secretName: "db-password" })).toEqual({
      a: { token: "[redacted]", clientSecret: "[redacted]", list: ["password=[redacted]"] },
      secretName: "db-password",
    });
  });

  it("when a job id harden made sits under jobId, then it stays, while the same shape elsewhere or anything else there is masked", () => {
    const id = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    expect(redactDetails({ jobId: id, text: `audit prod ${id}`, nested: { jobId: "dGhpcy1pcy1hLXZlcnktbG9uZy1zZWNyZXQtdmFsdWU0Mg" } })).toEqual({
      jobId: id,
      text: "audit prod [redacted]",
      nested: { jobId: "[redacted]" },
    });
  });
});

describe("createAuditTrail", () => {
  it("when an event is recorded, then the row has the clock's time and redacted details", async () => {
    const rows: AuditTrailEntry[] = [];
    const history = { appendAuditTrail: async (e: AuditTrailEntry) => void rows.push(e) } as unknown as HistoryRepository;
    const trail = createAuditTrail({ history, clock: fakeClock("2025-01-02T03:04:05.000Z"), log: new FakeLog() });
    await trail.record({ actor: "U1", action: "command.waive", outcome: "ok", target: "token=abc", details: { text: "password=hunter2" } });
    expect(rows).toEqual([
      { at: "2025-01-02T03:04:05.000Z", actor: "U1", action: "command.waive", environment: null, target: "token=[redacted]", outcome: "ok", details: { text: "password=[redacted]" } },
    ]);
  });

  it("when the store fails, then record resolves false and the failure is logged without its message", async () => {
    const history = {
      appendAuditTrail: async () => {
        throw new Error("connection to postgres://u:pw@db failed");
      },
    } as unknown as HistoryRepository;
    const log = new FakeLog();
    const trail = createAuditTrail({ history, clock: fakeClock(), log });
    await expect(trail.record({ actor: "U1", action: "x", outcome: "ok" })).resolves.toBe(false);
    expect(log.warnings).toEqual([{ fields: { action: "x", actor: "U1", err: "Error" }, msg: "could not write the audit trail" }]);
  });
});
