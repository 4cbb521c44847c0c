// `harden bot` and `harden worker` as separate processes on one Redis, the way
// teams scale out. The worker is the real CLI in a child process; it is SIGKILLed
// in the middle of an audit, and another worker finishes the job: the channel
// still shows one card, updated with one result.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { KubeObject } from "../../src/core/snapshot/types.js";
import { startFakeKubeApi, type FakeKubeApi } from "../fakes/kube-api-server.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "../fakes/slack/web-api.js";
import { startPrivateRedis, type PrivateRedis } from "../support/redis.js";
import { APP_TOKEN, BOT_TOKEN, ROOT, isAuditResult, scratch, startHarden, type Harden } from "./harness.js";

const CHANNEL = "C0LIVE0001";
// The CLI uses the production key prefix, so this file runs on a Redis of its own.
const PREFIX = "harden";

let redis: PrivateRedis;
let api: FakeSlackWebApi;
let kube: FakeKubeApi;
let s: ReturnType<typeof scratch>;
let bot: Harden;
let rescuer: Harden | undefined;
let child: ChildProcess | undefined;

beforeAll(async () => {
  redis = await startPrivateRedis();
  api = await startFakeSlackWebApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  // Slow enough that reading the cluster takes a while: the worker dies in the middle of it.
  kube = await startFakeKubeApi({ latencyMs: 300, objects: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "payments" } } as KubeObject] });
  s = scratch({
    environments: { live: { kubernetes: { context: kube.context, kubeconfig: kube.kubeconfigPath }, channel: CHANNEL } },
    roles: { viewers: { users: ["U0VIEWER1"] } },
  });
  bot = await startHarden({ configPath: s.configPath, role: "bot", api, redisUrl: redis.url, prefix: PREFIX, databaseUrl: s.databaseUrl });
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rescuer?.stop();
  await bot?.stop();
  await kube?.close();
  await api?.close();
  await redis?.dispose();
  s?.dispose();
});

describe("bot and workers in separate processes", () => {
  it("when the worker process is killed mid-audit, then another worker finishes it and the channel shows one card with one result", async () => {
    child = spawn(process.execPath, [join(ROOT, "bin/harden.js"), "worker"], {
      cwd: ROOT,
      env: {
        PATH: process.env["PATH"],
        HARDEN_CONFIG: s.configPath,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: api.apiUrl,
        REDIS_URL: redis.url,
        DATABASE_URL: s.databaseUrl,
        METRICS_PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));

    const res = await bot.command("audit live", { user_id: "U0VIEWER1", channel_id: CHANNEL });
    expect(res.json().text).toMatch(/^Queued/);
    // The child took the job: its running card is in the channel, the cluster read under way.
    const card = await api.waitForCall("chat.postMessage", { predicate: (c) => c.args["channel"] === CHANNEL, timeoutMs: 20_000 });
    await vi.waitFor(() => expect(kube.requests.length).toBeGreaterThan(0), { timeout: 5_000 });
    const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
    expect(api.callsTo("chat.update").filter(isAuditResult)).toEqual([]);

    // A worker that checks for stalled jobs often; the dead worker's lock lapses after its 30 s.
    rescuer = await startHarden({
      configPath: s.configPath,
      role: "worker",
      api,
      redisUrl: redis.url,
      prefix: PREFIX,
      databaseUrl: s.databaseUrl,
      runtime: { workerTuning: { stalled: { stalledIntervalMs: 500 }, shutdownGraceMs: 2000 } },
    });
    const result = await api.waitForCall("chat.update", { predicate: isAuditResult, timeoutMs: 60_000 });
    const ts = (card.response as { ts: string }).ts;
    expect(result.args["ts"]).toBe(ts);
    await vi.waitFor(() => expect(api.callsTo("chat.update").filter(isAuditResult)).toHaveLength(1), { timeout: 5_000 });
    expect(api.callsTo("chat.postMessage").filter((c) => c.args["channel"] === CHANNEL && c.args["thread_ts"] === undefined)).toHaveLength(1);
    expect(stderr).not.toContain(BOT_TOKEN);
  }, 90_000);
});
