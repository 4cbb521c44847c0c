// Four-eyes remediation end to end, against a live environment served by the fake
// Kubernetes API: audit, Remediate, Approve; with the refusals on the way (wrong
// role at the button, the requester approving their own request, a double click,
// an expired request).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/snapshot/types.js";
import { startFakeKubeApi, type FakeKubeApi } from "../fakes/kube-api-server.js";
import { deletePrefix, requireRedis, testPrefix } from "../support/redis.js";
import { isAuditResult, jobCount, scratch, startHarden, type Harden } from "./harness.js";

const prefix = testPrefix();
const CHANNEL = "C0LIVE0001";
const OPERATOR = "U0OPERATOR1"; // also an approver: the requester who must not approve
const APPROVER_A = "U0APPROVER1";
const APPROVER_B = "U0APPROVER2";
const VIEWER = "U0VIEWER1";

const deployment: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "worker", namespace: "payments" },
  spec: {
    selector: { matchLabels: { app: "worker" } },
    template: {
      metadata: { labels: { app: "worker" } },
      spec: {
        containers: [
          {
            name: "sidecar",
            image: "registry.example.com/platform/log-forwarder:1.4.0",
            securityContext: { allowPrivilegeEscalation: true, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          },
        ],
      },
    },
  },
} as unknown as KubeObject;

let kube: FakeKubeApi;
let s: ReturnType<typeof scratch>;
let bot: Harden;

type Block = { type: string; accessory?: { action_id?: string; value?: string }; elements?: Array<{ action_id?: string; value?: string }> };
const buttons = (blocks: unknown): Array<{ action_id?: string; value?: string }> =>
  ((blocks ?? []) as Block[]).flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...(b.elements ?? [])]).filter((e) => e.action_id);

beforeAll(async () => {
  await requireRedis();
  kube = await startFakeKubeApi({ objects: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "payments" } } as KubeObject, deployment] });
  s = scratch({
    environments: { live: { kubernetes: { context: kube.context, kubeconfig: kube.kubeconfigPath }, channel: CHANNEL, protected: true } },
    roles: { viewers: { users: [VIEWER] }, operators: { users: [OPERATOR] }, approvers: { users: [OPERATOR, APPROVER_A, APPROVER_B] } },
  });
  bot = await startHarden({ configPath: s.configPath, prefix, databaseUrl: s.databaseUrl });
});

afterAll(async () => {
  expect(await bot?.stop()).toBe(0);
  await kube?.close();
  await deletePrefix(prefix);
  s?.dispose();
});

let remediate: string;
let requestId: string;

describe("four-eyes remediation", () => {
  it("when a live environment is audited, then its result card offers a Remediate button for the fixable finding", async () => {
    const res = await bot.command("audit live", { user_id: OPERATOR, channel_id: CHANNEL });
    expect(res.json().text).toMatch(/^Queued/);
    const result = await bot.api.waitForCall("chat.update", { predicate: isAuditResult, timeoutMs: 25_000 });
    const values = buttons(result.args["blocks"]).filter((b) => b.action_id === "remediate").map((b) => b.value!);
    expect(values.length).toBeGreaterThanOrEqual(1);
    remediate = values[0]!;
    expect(remediate).toMatch(/^\d+:[0-9a-f]{16}$/);
  });

  it("when a viewer presses Remediate, then the click is acked and refused, and no approval is posted", async () => {
    const click = await bot.click("remediate", remediate, VIEWER, { channelId: CHANNEL });
    expect(click.status).toBe(200);
    expect(await click.reply()).toMatch(/operator/);
    expect(bot.api.callsTo("chat.postMessage").filter((c) => String(c.args["text"]).startsWith("Approval needed"))).toEqual([]);
  });

  it("when an operator presses Remediate, then an approval request with the diff is posted in the channel", async () => {
    const click = await bot.click("remediate", remediate, OPERATOR, { channelId: CHANNEL });
    expect(click.status).toBe(200);
    await click.reply();
    const posted = await bot.api.waitForCall("chat.postMessage", { predicate: (c) => String(c.args["text"]).startsWith("Approval needed"), timeoutMs: 10_000 });
    expect(posted.args["channel"]).toBe(CHANNEL);
    const approve = buttons(posted.args["blocks"]).find((b) => b.action_id === "approval_approve");
    requestId = approve!.value!;
    expect(requestId).toMatch(/^apr_[0-9a-f]{20}$/);
    expect((await bot.runtime.store.approvals.get(requestId))?.status).toBe("pending");
  });

  it("when a viewer presses Approve, then they are refused and the request stays pending", async () => {
    const click = await bot.click("approval_approve", requestId, VIEWER);
    expect(await click.reply()).toMatch(/approver/);
    expect((await bot.runtime.store.approvals.get(requestId))?.status).toBe("pending");
  });

  it("when the requester presses Approve on their own request, then it is refused: someone else must approve", async () => {
    const click = await bot.click("approval_approve", requestId, OPERATOR);
    expect(await click.reply()).toMatch(/someone else must approve/);
    expect((await bot.runtime.store.approvals.get(requestId))?.status).toBe("pending");
  });

  it("when two approvers click Approve at once, then it is approved once, patched once, and the message shows the outcome", async () => {
    const [a, b] = await Promise.all([bot.click("approval_approve", requestId, APPROVER_A), bot.click("approval_approve", requestId, APPROVER_B)]);
    const replies = await Promise.all([a.reply(), b.reply()]);
    expect(replies.filter((r) => /^Approved request/.test(r)), replies.join(" / ")).toHaveLength(1);
    expect(replies.filter((r) => /already approved/.test(r))).toHaveLength(1);

    const done = await bot.api.waitForCall("chat.update", { predicate: (c) => /: done$/.test(String(c.args["text"])), timeoutMs: 20_000 });
    expect(done.args["channel"]).toBe(CHANNEL);
    const applied = kube.requests.filter((r) => r.method === "PATCH" && r.query["dryRun"] === undefined);
    const dryRuns = kube.requests.filter((r) => r.method === "PATCH" && r.query["dryRun"] === "All");
    expect(applied).toHaveLength(1);
    expect(dryRuns.length).toBeGreaterThanOrEqual(1);
    expect(await jobCount(prefix, "remediation")).toBe(1);
    const stored = await bot.runtime.store.approvals.get(requestId);
    expect(stored?.status).toBe("executed");
    expect([APPROVER_A, APPROVER_B]).toContain(stored?.decidedBy);
  });

  it("when an approver presses Approve on an expired request, then it is refused as expired and nothing runs", async () => {
    const past = Date.now() - 2 * 3600_000;
    const original = (await bot.runtime.store.approvals.get(requestId))!;
    const expired = await bot.runtime.store.approvals.create({
      environment: "live",
      kind: "remediation",
      requestedBy: OPERATOR,
      requestedAt: new Date(past).toISOString(),
      expiresAt: new Date(past + 3600_000).toISOString(),
      payload: original.payload,
    });
    const click = await bot.click("approval_approve", expired.id, APPROVER_A);
    expect(await click.reply()).toMatch(/expired/);
    expect((await bot.runtime.store.approvals.get(expired.id))?.status).toBe("expired");
    expect(await jobCount(prefix, "remediation")).toBe(1);
  });

  it("when a button value is forged, then it is refused without touching anything", async () => {
    const click = await bot.click("approval_approve", "apr_; DROP TABLE approvals", APPROVER_A);
    expect(await click.reply()).toMatch(/does not name anything/);
  });
});
