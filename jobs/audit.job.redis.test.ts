import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { UnavailableError } from "../src/core/errors.js";
import type { KubeObject } from "../src/core/snapshot/types.js";
import { startFakeKubeApi } from "../test/fakes/kube-api-server.js";
import { cleanupAfterEach } from "../test/support/cleanups.js";
import { requireRedis, TEST_REDIS_URL } from "../test/support/redis.js";
import { cardsIn, deployment, everythingSlackSaw, snapshotOf, startHarness, type Harness, type HarnessOptions } from "../test/support/job-harness.js";

const CHILD = join(import.meta.dirname, "../test/support/audit-worker-child.ts");
const CHANNEL = "C0PROD0001";
const snapshotEnv = { environments: { prod: { kubernetes: { snapshot: "./unused" }, channel: CHANNEL } } };

beforeAll(() => requireRedis());
const cleanups = cleanupAfterEach();

async function harness(options: Partial<HarnessOptions> = {}): Promise<Harness> {
  const h = await startHarness({ config: snapshotEnv, snapshot: snapshotOf([deployment("api"), deployment("worker")]), ...options });
  cleanups.push(() => h.close());
  return h;
}

const blocksText = (blocks: unknown[]) => JSON.stringify(blocks);

describe("audit job", () => {
  it("when an audit runs, then one card is posted as running, updated in place with the result, and the details go in its thread", async () => {
    const h = await harness();
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("audit", { environment: "prod", channel: CHANNEL, requestedBy: "U0ALICE01" });
    const { state, job } = await h.finished("audit", jobId);
    expect(state).toBe("completed");

    const cards = cardsIn(h.slack, CHANNEL);
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    const firstPost = h.slack.callsTo("chat.postMessage")[0]!;
    expect(firstPost.args["text"]).toBe("Audit of prod is running");
    expect(card.updates).toBeGreaterThanOrEqual(1);
    expect(card.text).toMatch(/^prod audit: score \d+\/100/);
    // A snapshot source has nothing to patch: no Remediate button, and the card says why.
    expect(blocksText(card.blocks)).not.toContain('"action_id":"remediate"');
    expect(blocksText(card.blocks)).toContain("audited from a snapshot");

    const thread = h.slack.state.messages.filter((m) => m.threadTs === card.ts);
    expect(thread.length).toBeGreaterThan(0);
    expect(thread[0]!.text).toMatch(/^prod audit details/);
    expect(h.slack.state.uploads.size).toBe(0);

    const [run] = await h.store.history.listRuns({ environment: "prod" });
    expect(job.returnvalue).toEqual({ runId: run!.id, score: run!.score });
    expect(run!.requestedBy).toBe("U0ALICE01");
    const trail = await h.store.history.listAuditTrail({ environment: "prod" });
    expect(trail.map((t) => [t.action, t.actor, t.outcome])).toEqual([["job.audit", "U0ALICE01", "ok"]]);
  });

  it("when the report does not fit the card, then the Markdown and JSON reports are uploaded as files in the card's thread", async () => {
    const many = Array.from({ length: 60 }, (_, i) => deployment(`svc-${String(i).padStart(2, "0")}`, `team-${i % 6}`));
    const h = await harness({ snapshot: snapshotOf(many) });
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("audit", { environment: "prod" });
    expect((await h.finished("audit", jobId)).state).toBe("completed");

    const [card] = cardsIn(h.slack, CHANNEL);
    expect(blocksText(card!.blocks)).toContain("the full report is attached in the thread");
    const uploads = [...h.slack.state.uploads.values()];
    expect(uploads.map((u) => u.filename.replace(/-\d{8}T\d{4}/, "")).sort()).toEqual(["harden-audit-prod.json", "harden-audit-prod.md"]);
    for (const u of uploads) expect(u.sharedTo).toMatchObject({ channel: CHANNEL, threadTs: card!.ts });
    const md = uploads.find((u) => u.filename.endsWith(".md"))!.content!.toString("utf8");
    expect(md).toContain("svc-59");
    const json = JSON.parse(uploads.find((u) => u.filename.endsWith(".json"))!.content!.toString("utf8")) as { findings: unknown[] };
    expect(json.findings.length).toBeGreaterThan(100);
  });

  it("when chat.update answers 429 with Retry-After, then the job is put back, completes later, and the channel keeps one card and one recorded run", async () => {
    const h = await harness();
    h.slack.rateLimit("chat.update", { retryAfterSec: 1 });
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("audit", { environment: "prod", channel: CHANNEL });
    const { state, job } = await h.finished("audit", jobId);
    expect(state).toBe("completed");
    expect(job.attemptsMade).toBe(1); // the successful run only: the rate-limited one spent no attempt

    const updates = h.slack.callsTo("chat.update");
    expect(updates.map((c) => c.status)).toEqual([429, 200]);
    expect(h.slack.callsTo("chat.postMessage").filter((c) => !c.args["thread_ts"])).toHaveLength(1);
    const cards = cardsIn(h.slack, CHANNEL);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.text).toMatch(/^prod audit: score/);
    // The second attempt reused the recorded run instead of recording another.
    expect(await h.store.history.listRuns({ environment: "prod" })).toHaveLength(1);
    expect(h.slack.state.messages.filter((m) => m.threadTs === cards[0]!.ts).length).toBeGreaterThan(0);
  });

  it("when the bot cannot post in the channel (channel_not_found), then the job fails at once, saying so, and the trail records it", async () => {
    const h = await harness();
    h.slack.addChannel({ id: "G0HIDDEN01", name: "hidden", isPrivate: true, isMember: false });
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("audit", { environment: "prod", channel: "G0HIDDEN01", requestedBy: "U0ALICE01" });
    const { state, job } = await h.finished("audit", jobId);
    expect(state).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe("ChannelUnavailableError: cannot post in G0HIDDEN01: channel_not_found (invite the bot with /invite @harden)");
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1);
    const trail = await h.store.history.listAuditTrail({ environment: "prod" });
    expect(trail).toMatchObject([{ action: "job.audit", outcome: "failed", details: { error: expect.stringContaining("channel_not_found") } }]);
  });

  it("when reading the cluster fails for a while, then the card says it will retry, and the retry puts the result on the same card", async () => {
    let calls = 0;
    const snapshot = snapshotOf([deployment("api")]);
    const h = await harness({
      loadSnapshot: async () => {
        if (++calls === 1) throw new UnavailableError("cannot reach the Kubernetes API at https://10.0.0.1:6443: connection refused");
        return structuredClone(snapshot);
      },
    });
    // Watch the card between the attempts: the failure text must be shown before the retry replaces it.
    const seen: string[] = [];
    h.slack.respondWith("chat.update", (args) => {
      seen.push(String(args["text"]));
      const m = h.slack.state.message(String(args["channel"]), String(args["ts"]))!;
      m.text = String(args["text"]);
      m.blocks = (args["blocks"] as unknown[]) ?? [];
      m.updates++;
      return { ok: true, channel: m.channel, ts: m.ts };
    });
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("audit", { environment: "prod" });
    const { state, job } = await h.finished("audit", jobId, 30_000);
    expect(state).toBe("completed");
    expect(job.attemptsMade).toBe(2);
    expect(seen[0]).toBe("Audit of prod failed, retrying");
    expect(seen.at(-1)).toMatch(/^prod audit: score/);
    expect(cardsIn(h.slack, CHANNEL)).toHaveLength(1);
  });

  it("when the request names a check that does not exist, then the job fails at once, and one card says why and that it will not be retried", async () => {
    const h = await harness();
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("audit", { environment: "prod", checkIds: ["no-such-check"] });
    const { state, job } = await h.finished("audit", jobId);
    expect(state).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('InputError: unknown check "no-such-check"');
    const cards = cardsIn(h.slack, CHANNEL);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.text).toBe("Audit of prod (check=no-such-check) failed");
    expect(blocksText(cards[0]!.blocks)).toContain("Not retried");
    expect(await h.store.history.listRuns({ environment: "prod" })).toEqual([]);
  });

  it("when the worker is killed in the middle of an audit, then another worker finishes it and the channel shows exactly one result card", async () => {
    const dir = mkdtempSync(join(tmpdir(), "harden-jobs-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const storeUrl = `sqlite:${join(dir, "harden.db")}`;
    const h = await harness({ storeUrl });
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, TEST_REDIS_URL, h.prefix, h.slack.apiUrl, storeUrl, JSON.stringify(snapshotEnv)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    const lines = createInterface({ input: child.stdout! });
    const loading = new Promise<void>((resolve) => lines.on("line", (l) => l === "loading-snapshot" && resolve()));

    const { jobId } = await h.queue.enqueue("audit", { environment: "prod", channel: CHANNEL, requestedBy: "U0ALICE01" });
    await loading;
    // The child posted the running card and saved it in the job's state before it started reading.
    expect(cardsIn(h.slack, CHANNEL)).toHaveLength(1);
    expect((await h.rawQueue("audit").getJob(jobId))!.data.state).toMatchObject({ channel: CHANNEL, messageTs: cardsIn(h.slack, CHANNEL)[0]!.ts });
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });

    h.startWorkers();
    const { state } = await h.finished("audit", jobId, 30_000);
    expect(state).toBe("completed");
    const cards = cardsIn(h.slack, CHANNEL);
    expect(cards).toHaveLength(1);
    expect(h.slack.callsTo("chat.postMessage").filter((c) => !c.args["thread_ts"])).toHaveLength(1);
    expect(cards[0]!.text).toMatch(/^prod audit: score/);
    expect(await h.store.history.listRuns({ environment: "prod" })).toHaveLength(1);
  });
});

describe("audit job on a live cluster", () => {
  const PASSWORD = "hunter2-Correct-Horse-Battery-Staple";
  const objects: KubeObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "web" }, type: "Opaque", data: { password: Buffer.from(PASSWORD).toString("base64") }, stringData: { token: PASSWORD } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "web" }, data: { DB_PASSWORD: PASSWORD, "app.conf": `password: ${PASSWORD}\n` } },
    deployment("api", "web", { env: [{ name: "DB_PASSWORD", value: PASSWORD }, { name: "API_TOKEN", value: PASSWORD }] }),
  ];

  it("when the cluster holds secret values, then none of them, plain or base64, reaches any Slack call, message or file; fixable findings get Remediate buttons", async () => {
    const kube = await startFakeKubeApi({ objects });
    cleanups.push(() => kube.close());
    const h = await harness({
      config: { environments: { prod: { kubernetes: { context: kube.context, kubeconfig: kube.kubeconfigPath }, channel: CHANNEL } } },
      kubeconfigs: { prod: kube.kubeconfigPath },
      snapshot: undefined,
    });
    h.startWorkers();
    const { jobId } = await h.queue.enqueue("audit", { environment: "prod", channel: CHANNEL });
    expect((await h.finished("audit", jobId)).state).toBe("completed");

    const [card] = cardsIn(h.slack, CHANNEL);
    expect(card!.text).toMatch(/^prod audit: score/);
    expect(blocksText(card!.blocks)).toContain('"action_id":"remediate"');
    // The card names the leak without repeating it.
    expect(JSON.stringify(h.slack.state.messages)).toContain("DB_PASSWORD");

    const seen = everythingSlackSaw(h.slack);
    for (const value of [PASSWORD, Buffer.from(PASSWORD).toString("base64"), "Correct-Horse"]) expect(seen).not.toContain(value);
    await vi.waitFor(async () => expect(await h.store.history.listAuditTrail({ environment: "prod" })).toHaveLength(1));
    expect(JSON.stringify(await h.store.history.listAuditTrail({ environment: "prod" }))).not.toContain(PASSWORD);
  });
});
