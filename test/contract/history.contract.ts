// What every HistoryRepository implementation must do, run against each dialect.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import type { AuditTrailEntry, HistoryRepository, NewException, NewFinding, NewRun } from "../../src/ports/history.js";
import { type OpenStore, unique, useStore } from "./support.js";

/** A recorded audit of `environment`, for this suite and for store tests that need any run. */
export const sampleRun = (environment: string, overrides: Partial<NewRun> = {}): NewRun => ({
  environment,
  kind: "audit",
  startedAt: "2025-03-01T10:00:00.000Z",
  finishedAt: "2025-03-01T10:01:30.000Z",
  status: "succeeded",
  score: 87,
  summary: { fail: 3, pass: 40, bySeverity: { high: 2, low: 1 } },
  source: "files ./examples/cluster",
  ...overrides,
});

const finding = (i: number, overrides: Partial<NewFinding> = {}): NewFinding => ({
  fingerprint: `fp-${i.toString(16).padStart(8, "0")}`,
  checkId: `pod-security.check-${i % 7}`,
  title: `Check ${i % 7}`,
  severity: (["critical", "high", "medium", "low", "info"] as const)[i % 5]!,
  category: "pod-security",
  status: i % 3 === 0 ? "pass" : "fail",
  kind: "Deployment",
  namespace: i % 4 === 0 ? null : `ns-${i % 11}`,
  name: `app-${i}`,
  container: i % 2 === 0 ? null : "main",
  message: `container main of app-${i} runs privileged`,
  ...overrides,
});

const exception = (environment: string | null, overrides: Partial<NewException> = {}): NewException => ({
  environment,
  checkId: "pod-security.privileged-container",
  namespace: "kube-system",
  kind: "DaemonSet",
  name: "cilium-*",
  selector: null,
  container: null,
  fingerprint: null,
  reason: "CNI needs host networking",
  owner: "platform-team",
  expiresAt: "2030-01-01T00:00:00.000Z",
  createdBy: "U0PLATFORM",
  createdAt: "2025-01-01T00:00:00.000Z",
  ...overrides,
});

export function historyContract(open: OpenStore<{ history: HistoryRepository }>): void {
  describe("HistoryRepository contract", () => {
    const store = useStore(open);
    const history = () => store().history;

    describe("runs", () => {
      it("when a run is saved, then getRun returns it with its new id and canonical timestamps", async () => {
        const env = unique("env");
        const input = sampleRun(env, { startedAt: "2025-03-01T12:00:00+02:00", requestedBy: "U123" });
        const saved = await history().saveRun(input, []);
        expect(saved.id).toBeGreaterThan(0);
        expect(saved).toEqual({ ...input, id: saved.id, startedAt: "2025-03-01T10:00:00.000Z" });
        expect(await history().getRun(saved.id)).toEqual(saved);
      });

      it("when a run has no requester and no score, then it reads back without them", async () => {
        const saved = await history().saveRun(sampleRun(unique("env"), { score: null, status: "failed" }), []);
        const read = await history().getRun(saved.id);
        expect(read?.score).toBeNull();
        expect(read?.status).toBe("failed");
        expect(read?.requestedBy).toBeUndefined();
      });

      it("when a run id does not exist, then getRun returns undefined", async () => {
        expect(await history().getRun(987_654_321)).toBeUndefined();
      });

      it("when runs are listed, then they come newest first, scoped to the environment and kind", async () => {
        const env = unique("env");
        const other = unique("env");
        const mid = await history().saveRun(sampleRun(env, { startedAt: "2025-03-02T00:00:00.000Z" }), []);
        const old = await history().saveRun(sampleRun(env, { startedAt: "2025-03-01T00:00:00.000Z" }), []);
        const scan = await history().saveRun(sampleRun(env, { kind: "scan", startedAt: "2025-03-04T00:00:00.000Z" }), []);
        const newest = await history().saveRun(sampleRun(env, { startedAt: "2025-03-03T00:00:00.000Z" }), []);
        await history().saveRun(sampleRun(other), []);

        const all = await history().listRuns({ environment: env });
        expect(all.map((r) => r.id)).toEqual([scan.id, newest.id, mid.id, old.id]);
        const audits = await history().listRuns({ environment: env, kind: "audit" });
        expect(audits.map((r) => r.id)).toEqual([newest.id, mid.id, old.id]);
        const limited = await history().listRuns({ environment: env, kind: "audit", limit: 2 });
        expect(limited.map((r) => r.id)).toEqual([newest.id, mid.id]);
      });

      it("when two runs started at the same instant, then the later saved one is listed first", async () => {
        const env = unique("env");
        const first = await history().saveRun(sampleRun(env), []);
        const second = await history().saveRun(sampleRun(env), []);
        expect((await history().listRuns({ environment: env })).map((r) => r.id)).toEqual([second.id, first.id]);
      });

      it("when the limit is not a positive integer, then listRuns refuses it", async () => {
        await expect(history().listRuns({ environment: "x", limit: 0 })).rejects.toBeInstanceOf(InputError);
      });

      it("when a timestamp cannot be parsed, then saveRun refuses the run", async () => {
        await expect(history().saveRun(sampleRun(unique("env"), { startedAt: "yesterday-ish" }), [])).rejects.toBeInstanceOf(InputError);
      });
    });

    describe("findings", () => {
      it("when findings are saved with a run, then findingsOf returns every field in order", async () => {
        const rows = [0, 1, 2, 3, 4, 5].map((i) => finding(i));
        const saved = await history().saveRun(sampleRun(unique("env")), rows);
        const other = await history().saveRun(sampleRun(unique("env")), [finding(99)]);
        const read = await history().findingsOf(saved.id);
        expect(read).toEqual(rows.map((f) => ({ ...f, runId: saved.id })));
        expect(await history().findingsOf(other.id)).toEqual([{ ...finding(99), runId: other.id }]);
      });

      it("when a run has 12,000 findings, then all are stored in one go and read back in order", async () => {
        const rows = Array.from({ length: 12_000 }, (_, i) => finding(i));
        const saved = await history().saveRun(sampleRun(unique("env")), rows);
        const read = await history().findingsOf(saved.id);
        expect(read).toHaveLength(12_000);
        expect(read[0]).toEqual({ ...rows[0], runId: saved.id });
        expect(read[6_543]).toEqual({ ...rows[6_543], runId: saved.id });
        expect(read[11_999]).toEqual({ ...rows[11_999], runId: saved.id });
        expect(new Set(read.map((f) => f.fingerprint)).size).toBe(12_000);
      });

      it("when one finding of a large batch is invalid, then neither the run nor any finding is kept", async () => {
        const env = unique("env");
        const rows = Array.from({ length: 9_000 }, (_, i) => finding(i));
        // A NOT NULL violation in a late chunk, after earlier chunks were written.
        rows[8_500] = { ...rows[8_500]!, name: null as unknown as string };
        await expect(history().saveRun(sampleRun(env), rows)).rejects.toThrow();
        expect(await history().listRuns({ environment: env })).toEqual([]);
      });
    });

    describe("exceptions", () => {
      it("when exceptions are listed for an environment at an instant, then only that environment's and global active ones return", async () => {
        const env = unique("env");
        const other = unique("env");
        const mine = await history().addException(exception(env));
        const global = await history().addException(exception(null, { fingerprint: "fp-global", name: null }));
        const expired = await history().addException(exception(env, { expiresAt: "2025-01-31T00:00:00.000Z" }));
        const foreign = await history().addException(exception(other));
        const ids = [mine.id, global.id, expired.id, foreign.id];
        const ours = (list: { id: number }[]) => list.map((e) => e.id).filter((id) => ids.includes(id));

        const active = await history().listExceptions({ environment: env, activeAt: new Date("2025-02-01T00:00:00Z") });
        expect(ours(active)).toEqual([mine.id, global.id]);
        expect(active.find((e) => e.id === global.id)).toEqual(global);

        const withExpired = await history().listExceptions({ environment: env });
        expect(ours(withExpired)).toEqual([mine.id, global.id, expired.id]);

        const everywhere = await history().listExceptions({});
        expect(ours(everywhere)).toEqual(ids);
      });

      it("when an exception expires exactly at the instant asked about, then it is no longer active", async () => {
        const env = unique("env");
        const e = await history().addException(exception(env, { expiresAt: "2025-06-01T00:00:00.000Z" }));
        const at = (iso: string) => history().listExceptions({ environment: env, activeAt: new Date(iso) });
        expect((await at("2025-05-31T23:59:59.999Z")).map((x) => x.id)).toContain(e.id);
        expect((await at("2025-06-01T00:00:00.000Z")).map((x) => x.id)).not.toContain(e.id);
      });

      it("when an exception is added, then every field round-trips", async () => {
        const input = exception(unique("env"), {
          selector: "app=web,tier!=db",
          container: "sidecar",
          fingerprint: "fp-1234",
          expiresAt: "2030-01-01T01:00:00+01:00",
        });
        const saved = await history().addException(input);
        expect(saved).toEqual({ ...input, id: saved.id, expiresAt: "2030-01-01T00:00:00.000Z" });
      });

      it("when an exception is removed, then it is gone and removing it again reports false", async () => {
        const env = unique("env");
        const e = await history().addException(exception(env));
        expect(await history().removeException(e.id)).toBe(true);
        expect(await history().removeException(e.id)).toBe(false);
        expect((await history().listExceptions({ environment: env })).map((x) => x.id)).not.toContain(e.id);
      });
    });

    describe("audit trail", () => {
      const entry = (environment: string | null, at: string, overrides: Partial<AuditTrailEntry> = {}): AuditTrailEntry => ({
        at,
        actor: "U0ADMIN",
        action: "waiver.create",
        environment,
        target: "pod-security.privileged-container",
        outcome: "ok",
        details: { reason: "approved in CAB-12", nested: { list: [1, 2] } },
        ...overrides,
      });

      it("when entries are appended, then they list newest first with filters and limit", async () => {
        const env = unique("env");
        const actor = unique("U");
        const a = entry(env, "2025-04-01T10:00:00.000Z");
        const b = entry(env, "2025-04-01T12:00:00.000Z", { actor, action: "remediate", outcome: "denied" });
        const c = entry(env, "2025-04-01T11:00:00+00:00", { target: null, details: {} });
        const elsewhere = entry(unique("env"), "2025-04-01T13:00:00.000Z", { actor });
        for (const e of [a, b, c, elsewhere]) await history().appendAuditTrail(e);

        expect(await history().listAuditTrail({ environment: env })).toEqual([b, { ...c, at: "2025-04-01T11:00:00.000Z" }, a]);
        expect(await history().listAuditTrail({ environment: env, limit: 1 })).toEqual([b]);
        expect(await history().listAuditTrail({ actor })).toEqual([elsewhere, b]);
        expect(await history().listAuditTrail({ environment: env, actor })).toEqual([b]);
        expect(await history().listAuditTrail({ environment: env, action: b.action })).toEqual(
          [b, { ...c, at: "2025-04-01T11:00:00.000Z" }, a].filter((e) => e.action === b.action),
        );
        expect(await history().listAuditTrail({ action: "no.such.action" })).toEqual([]);
      });

      it("when an entry has no environment, then it reads back with null", async () => {
        const actor = unique("cli:ops");
        const e = entry(null, "2025-04-02T00:00:00.000Z", { actor, outcome: "queued" });
        await history().appendAuditTrail(e);
        expect(await history().listAuditTrail({ actor })).toEqual([e]);
      });
    });
  });
}
