// The real command line: `node bin/harden.js serve` with the example config and
// SLACK_API_URL at the fake answers a signed `/harden audit example` with a posted
// result, and stops cleanly on SIGTERM. Start-up problems are one line each.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSlackRequest, slashCommandBody } from "../fakes/slack/signing.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "../fakes/slack/web-api.js";
import { freePort, startPrivateRedis, type PrivateRedis } from "../support/redis.js";
import { APP_TOKEN, BOT_TOKEN, ROOT, SIGNING_SECRET, isAuditResult, scratch } from "./harness.js";

const CLI = join(ROOT, "bin/harden.js");
let redis: PrivateRedis;
let api: FakeSlackWebApi;
let s: ReturnType<typeof scratch>;
let child: ChildProcess;
let port: number;
let metricsPort: number;
let stdout = "";
let stderr = "";

beforeAll(async () => {
  redis = await startPrivateRedis();
  api = await startFakeSlackWebApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  api.setUserGroup("S0ENGINEERS", ["U0VIEWER1"]);
  s = scratch({});
  [port, metricsPort] = [await freePort(), await freePort()];
  child = spawn(process.execPath, [CLI, "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env["PATH"],
      HARDEN_CONFIG: join(ROOT, "harden.example.yaml"),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      HOST: "127.0.0.1",
      REDIS_URL: redis.url,
      DATABASE_URL: s.databaseUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  const deadline = Date.now() + 30_000;
  while (!stdout.includes("harden is running")) {
    if (child.exitCode !== null) throw new Error(`harden serve exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`harden serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await api?.close();
  await redis?.dispose();
  s?.dispose();
});

describe("harden serve from the command line", () => {
  it("when a signed /harden audit example is posted, then it is acked as queued and the result is posted in the example channel", async () => {
    const body = slashCommandBody({ text: "audit example", user_id: "U0VIEWER1", response_url: api.responseUrl() });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(body, SIGNING_SECRET) },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toMatch(/^Queued: Audit of example/);
    const result = await api.waitForCall("chat.update", { predicate: isAuditResult, timeoutMs: 30_000 });
    expect(result.args["channel"]).toBe("C0EXAMPLE01");
    expect((await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status).toBe(200);
  }, 45_000);

  it("when it gets SIGTERM, then it stops cleanly with exit code 0 and never printed a secret", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toContain('"msg":"harden stopped"');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET]) {
      expect(stdout).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  }, 40_000);

  it("when the environment and the config are wrong, then it exits 2 with one line per problem and no stack trace", () => {
    const bad = scratch({
      environments: { prod: { kubernetes: { context: "prod-admin" }, channel: "nope" } },
      schedules: [{ id: "nightly", environment: "nowhere", kind: "audit", cron: "0 2 * * *" }],
    });
    try {
      const run = spawnSync(process.execPath, [CLI, "serve"], {
        cwd: ROOT,
        env: { PATH: process.env["PATH"], HARDEN_CONFIG: bad.configPath, SLACK_BOT_TOKEN: "xoxp-user-token-not-a-bot-token", PORT: "http", REDIS_URL: "localhost:6379" },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(run.status).toBe(2);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toEqual([
        "harden serve: SLACK_BOT_TOKEN does not look like a bot token: it should start with xoxb-",
        "harden serve: SLACK_SIGNING_SECRET is not set: HTTP mode (no SLACK_APP_TOKEN) needs it to verify requests; or set SLACK_APP_TOKEN for Socket Mode",
        'harden serve: PORT must be a port number (0-65535), got "http"',
        "harden serve: REDIS_URL must start with redis:// or rediss://",
        expect.stringMatching(/harden\.yaml: environments\.prod\.channel: must be a Slack channel id$/),
        expect.stringMatching(/harden\.yaml: schedules\[0\]\.environment: unknown environment "nowhere"$/),
        "harden serve: not started: 6 problems above",
      ]);
      expect(run.stderr).not.toContain("xoxp-user-token-not-a-bot-token");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      bad.dispose();
    }
  });
});
