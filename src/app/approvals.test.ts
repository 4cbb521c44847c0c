import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { U, failing, saveAuditRun, testDeps, textOf, type TestDeps } from "../../test/support/fakes.js";
import { findCheck } from "../core/checks/registry.js";
import type { KubeObject } from "../core/snapshot/types.js";
import { decideApproval } from "./decide-approval.js";
import { requestRemediation, requestWaiver } from "./request-approval.js";

const check = findCheck("allow-privilege-escalation")!;
const resource = { kind: "Deployment", namespace: "shop", name: "web", container: "app" };
const finding = failing(check.id, resource, "container app does not set allowPrivilegeEscalation: false");

const liveWeb = (): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "web",
    namespace: "shop",
    resourceVersion: "4711",
    uid: "0b5c",
    managedFields: [{ manager: "kubectl", time: "2025-05-01T00:00:00Z" }],
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"env":"DB_PASSWORD=s3cr3t-in-annotation"}' },
  },
  spec: {
    replicas: 2,
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          { name: "app", image: "shop/web:1.0", env: [{ name: "DB_PASSWORD", value: "s3cr3t-in-env" }] },
          { name: "proxy", image: "envoyproxy/envoy:v1.30", securityContext: { allowPrivilegeEscalation: false } },
        ],
      },
    },
  },
  status: { readyReplicas: 2 },
});

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ checks: [check], objects: [liveWeb()] });
});
afterEach(async () => {
  await deps.store.close();
});

const trail = () => deps.history.listAuditTrail({ limit: 100 });

async function requested(environment = "prod", requester: string = U.operator) {
  const run = await saveAuditRun(deps, environment, [finding], "2025-06-01T00:00:00.000Z");
  const out = await requestRemediation({ userId: requester, runId: run.id, fingerprint: finding.fingerprint, channelId: "C0CLICKED" }, deps);
  await out.afterAck?.();
  if (!out.request) throw new Error(`no request: ${out.reply.text}`);
  return out.request;
}

describe("requestRemediation", () => {
  it("when an operator asks to fix a failing finding, then the live object is patched in preview and a request with the diff is stored and posted", async () => {
    const run = await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    const out = await requestRemediation({ userId: U.operator, runId: run.id, fingerprint: finding.fingerprint }, deps);
    expect(out.status).toBe("requested");
    expect(deps.writer.gets).toEqual([{ kind: "Deployment", namespace: "shop", name: "web" }]);
    const stored = await deps.approvals.get(out.request!.id);
    expect(stored).toMatchObject({
      kind: "remediation",
      environment: "prod",
      requestedBy: U.operator,
      status: "pending",
      expiresAt: "2025-06-02T10:00:00.000Z",
      channel: "C0PROD",
      payload: {
        checkId: check.id,
        fingerprint: finding.fingerprint,
        runId: run.id,
        resource: { kind: "Deployment", namespace: "shop", name: "web" },
        patchType: "strategic-merge",
        patch: { spec: { template: { spec: { containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: false } }] } } } },
        resourceVersion: "4711",
      },
    });
    const diff = String(stored!.payload["diff"]);
    expect(diff).toMatch(/^\+\s+securityContext:\n\+\s+allowPrivilegeEscalation: false$/m);
    expect(diff).not.toContain("status");
    expect(diff).not.toContain("s3cr3t");

    expect(deps.notifier.posts).toEqual([]);
    await out.afterAck?.();
    expect(deps.notifier.posts).toHaveLength(1);
    const post = deps.notifier.posts[0]!;
    expect(post.channel).toBe("C0PROD");
    expect(textOf(post.message.blocks)).toContain(`"value":"${out.request!.id}"`);
    expect((await deps.approvals.get(out.request!.id))?.messageTs).toBe(post.ts);
    expect((await trail())[0]).toMatchObject({ actor: U.operator, action: "approval.request", outcome: "ok", target: out.request!.id });
  });

  it("when the environment is audited from a snapshot, then no remediation is offered and the cluster is not touched", async () => {
    const run = await saveAuditRun(deps, "lab", [finding], "2025-06-01T00:00:00.000Z");
    const out = await requestRemediation({ userId: U.operator, runId: run.id, fingerprint: finding.fingerprint }, deps);
    expect(out.status).toBe("refused");
    expect(out.reply.text).toContain("audited from a snapshot: there is nothing to patch");
    expect(deps.writer.gets).toEqual([]);
    expect(await deps.approvals.listPending(undefined, deps.clock())).toEqual([]);
  });

  it("when a viewer asks, then it is refused before anything is read and the trail records the denial", async () => {
    const run = await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    const out = await requestRemediation({ userId: U.viewer, runId: run.id, fingerprint: finding.fingerprint }, deps);
    expect(out.status).toBe("denied");
    expect(out.reply.text).toBe("You may not request remediations: it takes the operator role.");
    expect(deps.writer.gets).toEqual([]);
    expect((await trail())[0]).toMatchObject({ actor: U.viewer, action: "approval.request", outcome: "denied" });
  });

  it("when the live object was fixed since the audit, then there is no patch and no request", async () => {
    const fixed = liveWeb();
    (fixed["spec"] as { template: { spec: { containers: { securityContext?: unknown }[] } } }).template.spec.containers[0]!.securityContext = {
      allowPrivilegeEscalation: false,
    };
    deps.writer.objects.splice(0, 1, fixed);
    const run = await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    const out = await requestRemediation({ userId: U.operator, runId: run.id, fingerprint: finding.fingerprint }, deps);
    expect(out.status).toBe("refused");
    expect(out.reply.text).toContain("may already be fixed");
  });

  it("when the check has no automatic fix, then it says a person must change it", async () => {
    const other = failing("latest-image-tag", resource);
    deps.checks = [check, findCheck("latest-image-tag")!];
    const run = await saveAuditRun(deps, "prod", [other], "2025-06-01T00:00:00.000Z");
    const out = await requestRemediation({ userId: U.operator, runId: run.id, fingerprint: other.fingerprint }, deps);
    expect(out.reply.text).toContain("has no automatic fix");
  });
});

describe("decideApproval", () => {
  it("when the requester approves their own request in a protected environment, then it is refused and stays pending", async () => {
    const request = await requested("prod", U.operatorApprover);
    const out = await decideApproval({ userId: U.operatorApprover, requestId: request.id, decision: "approved" }, deps);
    expect(out.status).toBe("denied");
    expect(out.reply.text).toContain("someone else must approve it");
    expect((await deps.approvals.get(request.id))?.status).toBe("pending");
    expect(deps.queue.enqueued).toEqual([]);
    expect((await trail())[0]).toMatchObject({ action: "approval.approve", outcome: "denied", details: { reason: "self-approval" } });
  });

  it("when the environment is not protected and allows self-approval, then the requester may approve", async () => {
    const request = await requested("staging", U.operatorApprover);
    const out = await decideApproval({ userId: U.operatorApprover, requestId: request.id, decision: "approved" }, deps);
    expect(out.status).toBe("approved");
    expect(deps.queue.enqueued).toMatchObject([{ kind: "remediation", payload: { approvalId: request.id } }]);
  });

  it("when two approvers click at once, then exactly one approval wins and one job is queued", async () => {
    const request = await requested();
    const outcomes = await Promise.all([
      decideApproval({ userId: U.approver, requestId: request.id, decision: "approved" }, deps),
      decideApproval({ userId: U.approver2, requestId: request.id, decision: "approved" }, deps),
      decideApproval({ userId: U.approver, requestId: request.id, decision: "approved" }, deps),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["already_decided", "already_decided", "approved"]);
    expect(deps.queue.enqueued).toHaveLength(1);
    const winner = outcomes.find((o) => o.status === "approved")!;
    const loser = outcomes.find((o) => o.status === "already_decided")!;
    expect(loser.reply.text).toContain(`already approved by <@${winner.request!.decidedBy}> at`);
  });

  it("when the approval message exists, then the decision replaces it without buttons", async () => {
    const request = await requested();
    const out = await decideApproval({ userId: U.approver, requestId: request.id, decision: "approved" }, deps);
    await out.afterAck?.();
    expect(deps.notifier.updates).toHaveLength(1);
    expect(deps.notifier.updates[0]!.target).toEqual({ channel: "C0PROD", ts: deps.notifier.posts[0]!.ts });
    expect(deps.notifier.updates[0]!.message.text).toContain("approved, running");
    expect(textOf(deps.notifier.updates[0]!.message.blocks)).not.toContain("approval_approve");
  });

  it("when the remediation job finished before the message update, then the update shows the outcome, not running", async () => {
    const request = await requested();
    const out = await decideApproval({ userId: U.approver, requestId: request.id, decision: "approved" }, deps);
    await deps.approvals.recordOutcome(request.id, "executed", "patched; the check passes now");
    await out.afterAck?.();
    expect(deps.notifier.updates[0]!.message.text).toContain("done");
    expect(textOf(deps.notifier.updates[0]!.message.blocks)).toContain("patched; the check passes now");
  });

  it("when the request expired, then the click is refused and the message says it expired", async () => {
    const request = await requested();
    deps.clock.advance(61 * 60_000);
    const out = await decideApproval({ userId: U.approver, requestId: request.id, decision: "approved" }, deps);
    expect(out.status).toBe("expired");
    expect(out.reply.text).toContain("This request expired at");
    expect(deps.queue.enqueued).toEqual([]);
    await out.afterAck?.();
    expect(deps.notifier.updates[0]?.message.text).toContain("expired");
  });

  it("when someone without the approver role clicks, then it is refused at the click and the request stays pending", async () => {
    const request = await requested();
    const out = await decideApproval({ userId: U.operator, requestId: request.id, decision: "approved" }, deps);
    expect(out.status).toBe("denied");
    expect(out.reply.text).toBe("You may not approve requests: it takes the approver role.");
    expect((await deps.approvals.get(request.id))?.status).toBe("pending");
    expect((await trail())[0]).toMatchObject({ actor: U.operator, action: "approval.approve", outcome: "denied", environment: "prod" });
  });

  it("when an approver rejects, then nothing is queued and the message says rejected", async () => {
    const request = await requested();
    const out = await decideApproval({ userId: U.approver, requestId: request.id, decision: "rejected" }, deps);
    await out.afterAck?.();
    expect(out.status).toBe("rejected");
    expect(deps.queue.enqueued).toEqual([]);
    expect((await deps.approvals.get(request.id))?.status).toBe("rejected");
    expect(deps.notifier.updates[0]?.message.text).toContain("rejected");
  });

  it("when the queue is down at approval, then the request is marked failed with a reason instead of waiting forever", async () => {
    const request = await requested();
    deps.queue.unavailable = true;
    const out = await decideApproval({ userId: U.approver, requestId: request.id, decision: "approved" }, deps);
    expect(out.status).toBe("failed");
    const stored = await deps.approvals.get(request.id);
    expect(stored).toMatchObject({ status: "failed", decidedBy: U.approver });
    expect(stored?.outcome).toContain("the job queue was unavailable: nothing was applied");
    expect((await trail())[0]).toMatchObject({ action: "approval.approve", outcome: "failed" });
  });

  it("when the id names no request, then nothing is done", async () => {
    const out = await decideApproval({ userId: U.approver, requestId: "apr_00000000000000000000", decision: "approved" }, deps);
    expect(out.status).toBe("not_found");
    expect(deps.queue.enqueued).toEqual([]);
  });
});

describe("waivers", () => {
  it("when a waiver is requested and approved, then an exception for that finding exists until now + days, owned by the requester", async () => {
    await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    const asked = await requestWaiver({ userId: U.operator, fingerprint: finding.fingerprint, days: 14, reason: "vendor image; fixed upstream in July" }, deps);
    expect(asked.status).toBe("requested");
    await asked.afterAck?.();
    deps.clock.advance(10 * 60_000);
    const decided = await decideApproval({ userId: U.approver, requestId: asked.request!.id, decision: "approved" }, deps);
    expect(decided.status).toBe("executed");
    const [exception] = await deps.history.listExceptions({ environment: "prod", activeAt: deps.clock() });
    expect(exception).toMatchObject({
      environment: "prod",
      checkId: check.id,
      fingerprint: finding.fingerprint,
      namespace: "shop",
      kind: "Deployment",
      name: "web",
      container: "app",
      reason: "vendor image; fixed upstream in July",
      owner: U.operator,
      createdBy: U.approver,
      expiresAt: "2025-06-16T09:10:00.000Z",
    });
    expect((await deps.approvals.get(asked.request!.id))?.status).toBe("executed");
    expect(deps.queue.enqueued).toEqual([]);
    await decided.afterAck?.();
    expect(deps.notifier.updates[0]?.message.text).toContain("done");
  });

  it("when the finding is already waived in the latest run, then no request is made", async () => {
    await saveAuditRun(deps, "prod", [{ ...finding, status: "waived" }], "2025-06-01T00:00:00.000Z");
    const out = await requestWaiver({ userId: U.operator, fingerprint: finding.fingerprint, days: 14, reason: "again" }, deps);
    expect(out.status).toBe("refused");
    expect(out.reply.text).toContain("already waived");
  });

  it("when the finding is gone from the latest run, then it is not found even if an older run had it", async () => {
    await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    await saveAuditRun(deps, "prod", [], "2025-06-02T00:00:00.000Z");
    const out = await requestWaiver({ userId: U.operator, fingerprint: finding.fingerprint, days: 14, reason: "late" }, deps);
    expect(out.status).toBe("refused");
    expect(out.reply.text).toContain("No finding");
  });
});
