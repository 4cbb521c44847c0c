// What every ApprovalRepository implementation must do, run against each dialect.
import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../../src/core/errors.js";
import type { ApprovalRepository, NewApprovalRequest } from "../../src/ports/approvals.js";
import { type OpenStore, unique, useStore } from "./support.js";

const REQUESTED = "2025-05-01T09:00:00.000Z";
const EXPIRES = "2025-05-01T10:00:00.000Z";
const BEFORE_EXPIRY = new Date("2025-05-01T09:30:00.000Z");
const AT_EXPIRY = new Date(EXPIRES);

const request = (environment: string, overrides: Partial<NewApprovalRequest> = {}): NewApprovalRequest => ({
  environment,
  kind: "remediation",
  requestedBy: "U0REQUESTER",
  requestedAt: REQUESTED,
  expiresAt: EXPIRES,
  payload: {
    checkId: "pod-security.privileged-container",
    resource: { kind: "Deployment", namespace: "shop", name: "web" },
    resourceVersion: "48213",
    patch: [{ op: "replace", path: "/spec/template/spec/containers/0/securityContext/privileged", value: false }],
  },
  ...overrides,
});

export function approvalsContract(open: OpenStore<{ approvals: ApprovalRepository }>): void {
  describe("ApprovalRepository contract", () => {
    const store = useStore(open);
    const approvals = () => store().approvals;

    it("when a request is created, then it is pending under a fresh unguessable id and reads back whole", async () => {
      const input = request(unique("env"), { channel: "C0APPROVALS" });
      const a = await approvals().create(input);
      const b = await approvals().create(input);
      expect(a.id).toMatch(/^apr_[0-9a-f]{20}$/);
      expect(b.id).not.toBe(a.id);
      expect(a).toEqual({
        id: a.id,
        environment: input.environment,
        kind: "remediation",
        status: "pending",
        requestedBy: "U0REQUESTER",
        requestedAt: REQUESTED,
        expiresAt: EXPIRES,
        decidedBy: null,
        decidedAt: null,
        payload: input.payload,
        channel: "C0APPROVALS",
        messageTs: null,
        outcome: null,
      });
      expect(await approvals().get(a.id)).toEqual(a);
    });

    it("when the id is unknown, then get returns undefined and decide reports not_found", async () => {
      expect(await approvals().get("apr_00000000000000000000")).toBeUndefined();
      expect(await approvals().decide("apr_00000000000000000000", { decision: "approved", by: "U1", at: BEFORE_EXPIRY })).toEqual({
        ok: false,
        reason: "not_found",
      });
    });

    it("when five approvers decide at once, then exactly one decision wins and the rest see already_decided", async () => {
      const a = await approvals().create(request(unique("env")));
      const approvers = ["U1", "U2", "U3", "U4", "U5"];
      const results = await Promise.all(
        approvers.map((by, i) => approvals().decide(a.id, { decision: i % 2 === 0 ? "approved" : "rejected", by, at: BEFORE_EXPIRY })),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === "already_decided")).toHaveLength(4);
      const winner = winners[0]!;
      if (!winner.ok) throw new Error("unreachable");
      const stored = await approvals().get(a.id);
      expect(stored).toEqual(winner.request);
      expect(stored?.decidedBy).toBe(winner.request.decidedBy);
      expect(stored?.decidedAt).toBe(BEFORE_EXPIRY.toISOString());
      expect(["approved", "rejected"]).toContain(stored?.status);
    });

    it("when a request is decided at or after its expiry, then it is refused and marked expired", async () => {
      const a = await approvals().create(request(unique("env")));
      const first = await approvals().decide(a.id, { decision: "approved", by: "U1", at: AT_EXPIRY });
      expect(first).toMatchObject({ ok: false, reason: "expired", request: { status: "expired", decidedBy: null } });
      const again = await approvals().decide(a.id, { decision: "approved", by: "U2", at: BEFORE_EXPIRY });
      expect(again).toMatchObject({ ok: false, reason: "expired" });
      expect((await approvals().get(a.id))?.status).toBe("expired");
    });

    it("when a rejected request is then approved, then the approval is refused and the rejection stands", async () => {
      const a = await approvals().create(request(unique("env")));
      const rejected = await approvals().decide(a.id, { decision: "rejected", by: "U1", at: BEFORE_EXPIRY });
      expect(rejected).toMatchObject({ ok: true, request: { status: "rejected", decidedBy: "U1" } });
      const approved = await approvals().decide(a.id, { decision: "approved", by: "U2", at: BEFORE_EXPIRY });
      expect(approved).toMatchObject({ ok: false, reason: "already_decided", request: { status: "rejected", decidedBy: "U1" } });
    });

    it("when an approved request ran, then its outcome is recorded once and never on another status", async () => {
      const a = await approvals().create(request(unique("env")));
      await expect(approvals().recordOutcome(a.id, "executed", "patched")).rejects.toBeInstanceOf(ConflictError);
      await approvals().decide(a.id, { decision: "approved", by: "U1", at: BEFORE_EXPIRY });
      const done = await approvals().recordOutcome(a.id, "executed", "patched Deployment shop/web");
      expect(done).toMatchObject({ status: "executed", outcome: "patched Deployment shop/web", decidedBy: "U1" });
      await expect(approvals().recordOutcome(a.id, "failed", "again")).rejects.toBeInstanceOf(ConflictError);
      expect(await approvals().get(a.id)).toEqual(done);
      await expect(approvals().recordOutcome("apr_ffffffffffffffffffff", "failed", "x")).rejects.toBeInstanceOf(NotFoundError);
    });

    it("when a message is attached, then the request remembers its channel and ts", async () => {
      const a = await approvals().create(request(unique("env")));
      await approvals().attachMessage(a.id, "C0APPROVALS", "1714550400.000100");
      expect(await approvals().get(a.id)).toMatchObject({ channel: "C0APPROVALS", messageTs: "1714550400.000100", status: "pending" });
      await expect(approvals().attachMessage("apr_ffffffffffffffffffff", "C1", "1.2")).rejects.toBeInstanceOf(NotFoundError);
    });

    it("when pending requests are listed, then only undecided unexpired ones of the environment come, oldest first", async () => {
      const env = unique("env");
      const later = await approvals().create(request(env, { requestedAt: "2025-05-01T09:10:00.000Z", kind: "waiver" }));
      const earlier = await approvals().create(request(env, { requestedAt: "2025-05-01T09:05:00.000Z", kind: "rotation" }));
      const decided = await approvals().create(request(env));
      await approvals().decide(decided.id, { decision: "rejected", by: "U1", at: BEFORE_EXPIRY });
      const shortLived = await approvals().create(request(env, { expiresAt: "2025-05-01T09:20:00.000Z" }));
      const elsewhere = await approvals().create(request(unique("env")));

      const pending = await approvals().listPending(env, BEFORE_EXPIRY);
      expect(pending.map((r) => r.id)).toEqual([earlier.id, later.id]);
      const beforeShortExpiry = await approvals().listPending(env, new Date("2025-05-01T09:15:00.000Z"));
      expect(beforeShortExpiry.map((r) => r.id)).toEqual([shortLived.id, earlier.id, later.id]);
      const everywhere = (await approvals().listPending(undefined, BEFORE_EXPIRY)).map((r) => r.id);
      expect(everywhere).toEqual(expect.arrayContaining([earlier.id, later.id, elsewhere.id]));
      expect(everywhere).not.toContain(decided.id);
    });

    it("when overdue requests are expired in a sweep, then only pending ones past expiry change and are returned", async () => {
      const env = unique("env");
      const overdue = await approvals().create(request(env, { expiresAt: "2001-01-01T00:00:00.000Z", requestedAt: "2001-01-01T00:00:00.000Z" }));
      const current = await approvals().create(request(env, { expiresAt: "2001-01-03T00:00:00.000Z", requestedAt: "2001-01-01T00:00:00.000Z" }));
      const swept = await approvals().expireDue(new Date("2001-01-02T00:00:00.000Z"));
      const ours = swept.filter((r) => r.environment === env);
      expect(ours).toEqual([{ ...overdue, status: "expired" }]);
      expect((await approvals().get(current.id))?.status).toBe("pending");
      expect((await approvals().expireDue(new Date("2001-01-02T00:00:00.000Z"))).map((r) => r.id)).not.toContain(overdue.id);
    });
  });
}
