// `harden serve` wiring with the bundled example config, in HTTP mode: a signed
// `/harden audit example` is acked with an ephemeral "queued" line, and the job
// card lands in the example environment's channel, updated in place with the result.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "../fakes/slack/web-api.js";
import { deletePrefix, requireRedis, testPrefix } from "../support/redis.js";
import { APP_TOKEN, BOT_TOKEN, ROOT, SIGNING_SECRET, isAuditResult, jobCount, sample, startHarden, type Harden } from "./harness.js";

const prefix = testPrefix();
const dir = mkdtempSync(join(tmpdir(), "harden-e2e-"));
const CHANNEL = "C0EXAMPLE01";
let api: FakeSlackWebApi;
let bot: Harden;

beforeAll(async () => {
  await requireRedis();
  api = await startFakeSlackWebApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  // The example config names groups for viewers, operators and approvers.
  api.setUserGroup("S0ENGINEERS", ["U0VIEWER1"]);
  api.setUserGroup("S0SRETEAM1", []);
  api.setUserGroup("S0SECLEADS", []);
  bot = await startHarden({ configPath: join(ROOT, "harden.example.yaml"), api, prefix, databaseUrl: `sqlite:${join(dir, "harden.db")}` });
});

afterAll(async () => {
  expect(await bot?.stop()).toBe(0);
  await api?.close();
  await deletePrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

describe("harden serve over HTTP with the example config", () => {
  it("when a viewer runs /harden audit example, then the ack is an ephemeral queued line and the result is posted and updated in the environment's channel", async () => {
    const res = await bot.command("audit example", { user_id: "U0VIEWER1", channel_id: "C0SOMEWHERE" });
    expect(res.status).toBe(200);
    const ack = res.json();
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.text).toMatch(/^Queued: Audit of example/);

    const result = await api.waitForCall("chat.update", { predicate: isAuditResult, timeoutMs: 25_000 });
    expect(result.args["channel"]).toBe(CHANNEL);
    const cards = api.callsTo("chat.postMessage").filter((c) => c.args["channel"] === CHANNEL && c.args["thread_ts"] === undefined);
    expect(cards).toHaveLength(1);
    expect(result.args["ts"]).toBe((cards[0]!.response as { ts: string }).ts);
    expect(String(result.args["text"])).toMatch(/^example audit: score \d+\/100/);
    expect(Array.isArray(result.args["blocks"])).toBe(true);
    // The example environment is a snapshot: nothing to patch, so no Remediate button.
    expect(JSON.stringify(result.args["blocks"])).not.toContain('"action_id":"remediate"');
  });

  it("when Slack answers 429 to a post behind a command, then the command is still answered and the next post goes out at once", async () => {
    // Audits from the tests above post in the same workspace: let them finish, so the 429 meets the approval post.
    await vi.waitFor(
      async () => {
        const { audit } = await bot.runtime.queue.depth();
        expect(audit!.active + audit!.waiting).toBe(0);
      },
      { timeout: 20_000, interval: 100 },
    );
    const [run] = await bot.runtime.store.history.listRuns({ environment: "example", kind: "audit", limit: 1 });
    const failing = (await bot.runtime.store.history.findingsOf(run!.id)).filter((f) => f.status === "fail");
    // The approval message is posted after the ack; Slack says to wait 30 s.
    api.rateLimit("chat.postMessage", { retryAfterSec: 30, times: 1 });
    const first = await bot.command(`waive ${failing[0]!.fingerprint} 30 "accepted for the demo"`, { user_id: "U0OPERATOR1" });
    expect(first.json().text).toMatch(/approv/i);
    await vi.waitFor(async () => {
      const trail = await bot.runtime.store.history.listAuditTrail({ limit: 50 });
      expect(trail.some((t) => t.action === "approval.post" && t.outcome === "failed")).toBe(true);
    });
    // A client that honoured Retry-After would hold this post for 30 s; the wait below is half that.
    const from = api.calls.length;
    const second = await bot.command(`waive ${failing[1]!.fingerprint} 30 "accepted for the demo"`, { user_id: "U0OPERATOR1" });
    expect(second.json().text).toMatch(/approv/i);
    const posted = await api.waitForCall("chat.postMessage", { predicate: (c) => String(c.args["text"]).startsWith("Approval needed"), from, timeoutMs: 15_000 });
    expect(posted.status).toBe(200);
  });

  it("when the same command comes again as a Slack retry, then it is answered without a second job", async () => {
    const before = await jobCount(prefix, "audit");
    const first = await bot.command("audit example ns=monitoring", { user_id: "U0VIEWER1" });
    expect(first.json().text).toMatch(/^Queued/);
    // Slack signs a redelivery afresh; the timestamp moves on.
    const retry = await bot.command("audit example ns=monitoring", {
      user_id: "U0VIEWER1",
      timestamp: Math.floor(Date.now() / 1000) + 1,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    expect(retry.json().text).toMatch(/already queued/);
    expect(await jobCount(prefix, "audit")).toBe(before + 1);
  });

  it("when someone with no role runs a command, then it is refused in the ack and nothing is queued", async () => {
    const before = await jobCount(prefix, "audit");
    const res = await bot.command("audit example", { user_id: "U0STRANGER" });
    expect(res.status).toBe(200);
    expect(res.json().text).toMatch(/viewer/);
    expect(res.json().text).not.toMatch(/^Queued/);
    expect(await jobCount(prefix, "audit")).toBe(before);
  });

  it("when the signature is wrong, the timestamp stale or the request replayed, then it is 401 and nothing runs", async () => {
    const before = await jobCount(prefix, "audit");
    const bad = await bot.command("audit example ns=kube-system", { user_id: "U0VIEWER1", headers: { "x-slack-signature": `v0=${"0".repeat(64)}` } });
    expect(bad.status).toBe(401);
    const stale = await bot.command("audit example ns=kube-system", { user_id: "U0VIEWER1", timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);

    // A replay is the very same bytes and signature a second time.
    const body = new URLSearchParams({ text: "audit example ns=default", user_id: "U0VIEWER1", command: "/harden", team_id: "T0FAKE", channel_id: "C0X" }).toString();
    const { signSlackRequest } = await import("../fakes/slack/signing.js");
    const headers = { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(body, SIGNING_SECRET) };
    const url = `${bot.runtime.slack!.url()}/slack/events`;
    expect((await fetch(url, { method: "POST", body, headers })).status).toBe(200);
    expect((await fetch(url, { method: "POST", body, headers })).status).toBe(401);
    expect(await jobCount(prefix, "audit")).toBe(before + 1);
  });

  it("when /healthz, /readyz and /metrics are asked, then they answer and the metrics count the commands and refusals", async () => {
    expect((await fetch(`${bot.healthUrl()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.healthUrl()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe("ready\nredis: ok\ndatabase: ok\n");
    const text = await (await fetch(`${bot.healthUrl()}/metrics`)).text();
    expect(sample(text, "harden_commands_total", { verb: "audit", outcome: "queued" })).toBeGreaterThanOrEqual(3);
    expect(sample(text, "harden_commands_total", { verb: "audit", outcome: "denied" })).toBe(1);
    expect(sample(text, "harden_ack_latency_ms_count", { kind: "command" })).toBeGreaterThanOrEqual(5);
    expect(sample(text, "harden_slack_requests_rejected_total", { reason: "replay" })).toBe(1);
    expect(sample(text, "harden_slack_requests_rejected_total", { reason: "stale" })).toBe(1);
    expect(sample(text, "harden_slack_api_rate_limited_total", { method: "chat.postMessage" })).toBe(1);
    await vi.waitFor(async () => {
      const again = await (await fetch(`${bot.healthUrl()}/metrics`)).text();
      expect(sample(again, "harden_jobs_total", { kind: "audit", outcome: "completed" })).toBeGreaterThanOrEqual(1);
      expect(sample(again, "harden_findings", { environment: "example", severity: "critical" })).toBeGreaterThanOrEqual(0);
    }, { timeout: 20_000, interval: 200 });
  });

  it("when the process has run and logged, then no log line carries the bot token or the signing secret", () => {
    const logs = bot.logs();
    expect(logs).toContain("harden is running");
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    expect(logs).not.toContain(Buffer.from(BOT_TOKEN).toString("base64"));
  });
});
