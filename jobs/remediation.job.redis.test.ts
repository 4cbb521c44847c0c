import { beforeAll, describe, expect, it } from "vitest";
import { toStoredFinding } from "../src/app/run-audit.js";
import type { RemediationApprovalPayload } from "../src/app/approval-model.js";
import { planRemediation, runAudit } from "../src/core/audit/engine.js";
import { allowPrivilegeEscalation } from "../src/core/checks/pod-security/allow-privilege-escalation.js";
import { UnavailableError } from "../src/core/errors.js";
import type { ClusterSnapshot, KubeObject } from "../src/core/snapshot/types.js";
import type { ClusterWriter } from "../src/ports/cluster-writer.js";
import { renderApprovalRequest } from "../src/slack/renderers/approval.js";
import { startFakeKubeApi, type FakeKubeApi, type RecordedRequest } from "../test/fakes/kube-api-server.js";
import { cleanupAfterEach } from "../test/support/cleanups.js";
import { requireRedis } from "../test/support/redis.js";
import { CHANGED_NOTICE } from "./remediation.job.js";
import { deployment, startHarness, type Harness } from "../test/support/job-harness.js";

const CHANNEL = "C0APPROVE1";
const REQUESTER = "U0ALICE01";
const APPROVER = "U0BOB0001";
const ref = { kind: "Deployment", namespace: "web", name: "api" };

beforeAll(() => requireRedis());
const cleanups = cleanupAfterEach();

interface World {
  h: Harness;
  kube: FakeKubeApi;
  writer: ClusterWriter;
}

async function world(): Promise<World> {
  const kube = await startFakeKubeApi({ objects: [deployment("api", "web")] });
  cleanups.push(() => kube.close());
  const h = await startHarness({
    config: { environments: { prod: { kubernetes: { context: kube.context, kubeconfig: kube.kubeconfigPath }, channel: CHANNEL } } },
    kubeconfigs: { prod: kube.kubeconfigPath },
    checks: [allowPrivilegeEscalation],
  });
  cleanups.push(() => h.close());
  return { h, kube, writer: h.deps.clusterWriter("prod")! };
}

const oneObject = (obj: KubeObject): ClusterSnapshot => ({
  schemaVersion: 1,
  source: { type: "live", description: "test", capturedAt: new Date().toISOString() },
  objects: [obj],
  kubeletConfigs: {},
  visibility: { [obj.kind]: { state: "listed" } },
  complete: false,
  notes: [],
});

/**
 * What the approval flow leaves behind: an audit run with the failing finding, a
 * request planned against the live object, posted in the channel and approved by
 * someone other than the requester.
 */
async function approvedRequest({ h, writer }: World, decide = true) {
  const live = (await writer.get(ref))!;
  const report = runAudit(oneObject(live), { environment: "prod", checks: [allowPrivilegeEscalation] });
  const finding = report.findings.find((f) => f.status === "fail")!;
  const run = await h.store.history.saveRun(
    { environment: "prod", kind: "audit", startedAt: report.startedAt, finishedAt: report.finishedAt, status: "succeeded", score: report.score, summary: {}, source: "test" },
    report.findings.filter((f) => f.status !== "pass").map(toStoredFinding),
  );
  const plan = planRemediation(oneObject(live), allowPrivilegeEscalation, finding)!;
  const payload: RemediationApprovalPayload = {
    checkId: finding.checkId,
    fingerprint: finding.fingerprint,
    runId: run.id,
    resource: plan.resource,
    patch: plan.patch,
    patchType: plan.patchType,
    summary: plan.summary,
    resourceVersion: live.metadata.resourceVersion!,
    diff: "--- a\n+++ b\n",
  };
  const now = new Date();
  const request = await h.store.approvals.create({
    environment: "prod",
    kind: "remediation",
    requestedBy: REQUESTER,
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
    payload,
    channel: CHANNEL,
  });
  const posted = await h.deps.notifier.post(
    CHANNEL,
    renderApprovalRequest({ id: request.id, kind: "remediation", environment: "prod", requestedBy: REQUESTER, requestedAt: request.requestedAt, expiresAt: request.expiresAt, summary: plan.summary, resource: plan.resource, diff: payload.diff }),
  );
  await h.store.approvals.attachMessage(request.id, posted.channel, posted.ts);
  if (decide) await h.store.approvals.decide(request.id, { decision: "approved", by: APPROVER, at: new Date() });
  return { request, payload, posted, plannedVersion: live.metadata.resourceVersion!, finding };
}

const patches = (kube: FakeKubeApi): RecordedRequest[] => kube.requests.filter((r) => r.method === "PATCH");
const applied = (kube: FakeKubeApi) => patches(kube).filter((r) => r.query["dryRun"] === undefined);
const container = (o: KubeObject) => (o["spec"] as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec.containers[0]!;
const stored = (kube: FakeKubeApi) => kube.objects().find((o) => o.kind === "Deployment" && o.metadata.name === "api")!;

async function run(h: Harness, approvalId: string) {
  h.startWorkers();
  const { jobId } = await h.queue.enqueue("remediation", { approvalId }, { requestedBy: APPROVER });
  return h.finished("remediation", jobId, 30_000);
}

describe("remediation job", () => {
  it("when an approved request runs, then the server dry-runs the patch, applies it under the planned resourceVersion, the check passes again, and the outcome is recorded and shown", async () => {
    const w = await world();
    const { request, posted, plannedVersion } = await approvedRequest(w);
    const { state, job } = await run(w.h, request.id);
    expect(state).toBe("completed");
    expect(job.returnvalue).toMatchObject({ status: "executed" });

    const sent = patches(w.kube);
    expect(sent.map((r) => r.query["dryRun"] ?? "none")).toEqual(["All", "none"]);
    for (const r of sent) {
      expect(r.query["fieldManager"]).toBe("harden");
      expect(r.contentType).toBe("application/strategic-merge-patch+json");
      expect(r.body).toMatchObject({ metadata: { resourceVersion: plannedVersion } });
    }
    expect(container(stored(w.kube))).toMatchObject({ securityContext: { allowPrivilegeEscalation: false } });

    const done = (await w.h.store.approvals.get(request.id))!;
    expect(done.status).toBe("executed");
    expect(done.outcome).toMatch(/^Dry run passed, then applied to Deployment web\/api \(resourceVersion \d+\): .*Checked again: allow-privilege-escalation passes\.$/);
    const message = w.h.slack.state.message(CHANNEL, posted.ts)!;
    expect(message.text).toBe("Remediation of Deployment web/api in prod: done");
    expect(JSON.stringify(message.blocks)).toContain(`<@${APPROVER}>`);
    expect(JSON.stringify(message.blocks)).not.toContain("approval_approve");
    const trail = await w.h.store.history.listAuditTrail({ environment: "prod" });
    expect(trail).toMatchObject([{ action: "remediation.apply", actor: APPROVER, target: request.id, outcome: "ok" }]);
  });

  it("when the object changed since planning, then nothing is patched, the request is superseded, and a new request planned against the current object is posted", async () => {
    const w = await world();
    const { request, posted } = await approvedRequest(w);
    // Someone else changes the Deployment after the plan (a label; the fix is still needed).
    const moved = await w.writer.patch(ref, { patchType: "merge", patch: { metadata: { labels: { team: "payments" } } } }, { dryRun: false });
    const before = patches(w.kube).length;

    const { state, job } = await run(w.h, request.id);
    expect(state).toBe("completed");
    expect(job.returnvalue).toMatchObject({ status: "failed", supersededBy: expect.stringMatching(/^apr_/) });
    expect(patches(w.kube).slice(before)).toEqual([]);
    expect(container(stored(w.kube))["securityContext"]).toBeUndefined();

    const old = (await w.h.store.approvals.get(request.id))!;
    expect(old.status).toBe("failed");
    expect(old.outcome).toMatch(/^Superseded: object changed since planning; nothing was applied\./);
    const successorId = (job.returnvalue as { supersededBy: string }).supersededBy;
    const successor = (await w.h.store.approvals.get(successorId))!;
    expect(successor).toMatchObject({ status: "pending", requestedBy: REQUESTER, kind: "remediation", channel: CHANNEL, messageTs: expect.any(String) });
    expect(successor.payload).toMatchObject({ resourceVersion: moved.metadata.resourceVersion, checkId: "allow-privilege-escalation" });
    expect(Date.parse(successor.expiresAt)).toBeGreaterThan(Date.parse(request.expiresAt) - 1);

    const fresh = w.h.slack.state.message(CHANNEL, successor.messageTs!)!;
    expect(fresh.text).toMatch(/^Approval needed: remediation of Deployment web\/api in prod/);
    expect(JSON.stringify(fresh.blocks)).toContain(CHANGED_NOTICE.slice(0, 40));
    expect(JSON.stringify(fresh.blocks)).toContain(`"value":"${successorId}"`);
    expect(w.h.slack.state.message(CHANNEL, posted.ts)!.text).toBe("Remediation of Deployment web/api in prod: approved, but failed");
  });

  it("when the object changed and now passes the check, then nothing is applied and the request says it is already compliant", async () => {
    const w = await world();
    const { request } = await approvedRequest(w);
    await w.writer.patch(
      ref,
      { patchType: "strategic-merge", patch: { spec: { template: { spec: { containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: false } }] } } } } },
      { dryRun: false },
    );
    const before = patches(w.kube).length;
    const { job } = await run(w.h, request.id);
    expect(job.returnvalue).toMatchObject({ status: "executed" });
    expect(patches(w.kube).slice(before)).toEqual([]);
    expect((await w.h.store.approvals.get(request.id))!.outcome).toMatch(/^Already compliant: /);
    expect(await w.h.store.approvals.listPending("prod", new Date())).toEqual([]);
  });

  it("when the object changes between the read and the dry run (409), then the stale patch is never applied and the request is re-planned", async () => {
    const w = await world();
    const { request } = await approvedRequest(w);
    const real = w.h.deps.clusterWriter;
    // Another writer slips in just before our dry run.
    w.h.deps.clusterWriter = (env) => {
      const inner = real(env)!;
      return {
        get: (r) => inner.get(r),
        async patch(r, p, o) {
          if (o.dryRun && o.resourceVersion) await inner.patch(r, { patchType: "merge", patch: { metadata: { labels: { racer: "yes" } } } }, { dryRun: false });
          return inner.patch(r, p, o);
        },
      };
    };
    const { job } = await run(w.h, request.id);
    expect(job.returnvalue).toMatchObject({ status: "failed", supersededBy: expect.stringMatching(/^apr_/) });
    const ours = applied(w.kube).filter((r) => JSON.stringify(r.body).includes("allowPrivilegeEscalation"));
    expect(ours).toEqual([]);
    expect(container(stored(w.kube))["securityContext"]).toBeUndefined();
  });

  it("when an attempt fails after the patch landed, then the retry checks the object again and does not patch a second time", async () => {
    const w = await world();
    const { request } = await approvedRequest(w);
    const real = w.h.deps.clusterWriter;
    let reads = 0;
    w.h.deps.clusterWriter = (env) => {
      const inner = real(env)!;
      return {
        async get(r) {
          // The read after the patch fails once, as a dropped connection would.
          if (++reads === 2) throw new UnavailableError("cannot reach the Kubernetes API: connection reset by the server");
          return inner.get(r);
        },
        patch: (r, p, o) => inner.patch(r, p, o),
      };
    };
    const { state, job } = await run(w.h, request.id);
    expect(state).toBe("completed");
    expect(job.attemptsMade).toBe(2);
    expect(applied(w.kube)).toHaveLength(1);
    expect((await w.h.store.approvals.get(request.id))!.status).toBe("executed");
  });

  it("when the server refuses the dry run, then nothing is applied and the request records why", async () => {
    const w = await world();
    const { request } = await approvedRequest(w, false);
    // The same request, but with a patch the API server refuses: it removes a field that is not there.
    const broken = { ...(request.payload as RemediationApprovalPayload), patchType: "json", patch: [{ op: "remove", path: "/spec/nothing" }] };
    const swapped = await w.h.store.approvals.create({
      environment: "prod",
      kind: "remediation",
      requestedBy: REQUESTER,
      requestedAt: request.requestedAt,
      expiresAt: request.expiresAt,
      payload: broken,
      channel: CHANNEL,
    });
    await w.h.store.approvals.decide(swapped.id, { decision: "approved", by: APPROVER, at: new Date() });
    const { state, job } = await run(w.h, swapped.id);
    expect(state).toBe("completed");
    expect(job.returnvalue).toMatchObject({ status: "failed" });
    expect(applied(w.kube)).toEqual([]);
    expect((await w.h.store.approvals.get(swapped.id))!.outcome).toMatch(/^The server-side dry run was refused: .*Nothing was applied\.$/);
  });

  it("when a second job arrives for a request that was already carried out, then it patches nothing and leaves the record alone", async () => {
    const w = await world();
    const { request } = await approvedRequest(w);
    await run(w.h, request.id);
    const trailBefore = await w.h.store.history.listAuditTrail({ environment: "prod" });
    const updatesBefore = w.h.slack.callsTo("chat.update").length;
    // Past the coalescing window, as a replayed approval would be.
    const again = await w.h.rawQueue("remediation").add("remediation", { payload: { approvalId: request.id }, requestedBy: APPROVER }, { attempts: 3 });
    const { state, job } = await w.h.finished("remediation", again.id!);
    expect(state).toBe("completed");
    expect(job.returnvalue).toMatchObject({ status: "executed" });
    expect(applied(w.kube)).toHaveLength(1);
    expect(await w.h.store.history.listAuditTrail({ environment: "prod" })).toEqual(trailBefore);
    expect(w.h.slack.callsTo("chat.update")).toHaveLength(updatesBefore);
  });

  it("when the request is still pending, then the job fails at once and touches nothing", async () => {
    const w = await world();
    const { request } = await approvedRequest(w, false);
    const { state, job } = await run(w.h, request.id);
    expect(state).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe(`ConflictError: approval request ${request.id} is pending, not approved; nothing was applied`);
    expect(patches(w.kube)).toEqual([]);
    expect((await w.h.store.approvals.get(request.id))!.status).toBe("pending");
  });
});
