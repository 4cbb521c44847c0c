import { describe, expect, it } from "vitest";
import { createHealthServer } from "./health-server.js";
import { boundedLabel, createBotMetrics } from "./metrics.js";

/** The value of one sample line in Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (.+)$/);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? "").split(",").filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return undefined;
}

describe("bot metrics", () => {
  it("when commands, acks, jobs and Slack calls are recorded, then each family counts them by its labels", async () => {
    const m = createBotMetrics({ defaultMetrics: false });
    m.command("audit", "queued");
    m.command("audit", "queued");
    m.command("audit", "denied");
    m.ackLatency("command", 4);
    m.ackLatency("command", 40);
    m.jobEvent({ kind: "audit", outcome: "completed", durationMs: 1500 });
    m.jobEvent({ kind: "audit", outcome: "failed", durationMs: 200 });
    m.slackCall({ method: "chat.postMessage", outcome: "rate_limited", error: "ratelimited" });
    m.slackCall({ method: "chat.postMessage", outcome: "error", error: "channel_not_found" });
    m.slackCall({ method: "chat.update", outcome: "ok" });
    const text = await m.render();
    expect(sample(text, "harden_commands_total", { verb: "audit", outcome: "queued" })).toBe(2);
    expect(sample(text, "harden_commands_total", { verb: "audit", outcome: "denied" })).toBe(1);
    expect(sample(text, "harden_ack_latency_ms_count", { kind: "command" })).toBe(2);
    expect(sample(text, "harden_ack_latency_ms_bucket", { kind: "command", le: "5" })).toBe(1);
    expect(sample(text, "harden_jobs_total", { kind: "audit", outcome: "completed" })).toBe(1);
    expect(sample(text, "harden_job_duration_seconds_sum", { kind: "audit", outcome: "completed" })).toBe(1.5);
    expect(sample(text, "harden_slack_api_rate_limited_total", { method: "chat.postMessage" })).toBe(1);
    expect(sample(text, "harden_slack_api_errors_total", { method: "chat.postMessage", error: "channel_not_found" })).toBe(1);
    expect(sample(text, "harden_slack_api_errors_total", { method: "chat.update", error: "ok" })).toBeUndefined();
  });

  it("when a label value comes from outside and is odd, then it is folded into 'other'", () => {
    expect(boundedLabel("audit")).toBe("audit");
    expect(boundedLabel("<script>alert(1)</script>")).toBe("other");
    expect(boundedLabel("x".repeat(200))).toBe("other");
  });

  it("when scraped, then queue depth, findings and pending approvals are read from their sources", async () => {
    const m = createBotMetrics({ defaultMetrics: false });
    m.setSources({
      queueDepth: async () => ({ audit: { waiting: 3, active: 1, delayed: 0, failed: 2 } }),
      findings: async () => [{ environment: "prod", bySeverity: { critical: 2, high: 5 } }],
      pendingApprovals: async () => [{ environment: "prod", count: 4 }],
    });
    const text = await m.render();
    expect(sample(text, "harden_queue_jobs", { kind: "audit", state: "waiting" })).toBe(3);
    expect(sample(text, "harden_queue_jobs", { kind: "audit", state: "failed" })).toBe(2);
    expect(sample(text, "harden_findings", { environment: "prod", severity: "critical" })).toBe(2);
    expect(sample(text, "harden_pending_approvals", { environment: "prod" })).toBe(4);
    expect(sample(text, "harden_metrics_source_up", { source: "queueDepth" })).toBe(1);
  });

  it("when a source fails or hangs, then its series are left out and its source_up is 0", async () => {
    const m = createBotMetrics({ defaultMetrics: false, sourceTimeoutMs: 50 });
    let depthCalls = 0;
    m.setSources({
      queueDepth: async () => {
        depthCalls++;
        if (depthCalls === 1) return { audit: { waiting: 7, active: 0, delayed: 0, failed: 0 } };
        throw new Error("Redis down");
      },
      findings: () => new Promise(() => {}),
    });
    expect(sample(await m.render(), "harden_queue_jobs", { kind: "audit", state: "waiting" })).toBe(7);
    const text = await m.render();
    expect(sample(text, "harden_queue_jobs", { kind: "audit", state: "waiting" })).toBeUndefined();
    expect(sample(text, "harden_metrics_source_up", { source: "queueDepth" })).toBe(0);
    expect(sample(text, "harden_metrics_source_up", { source: "findings" })).toBe(0);
  });

  it("when two metric sets live in one process, then they do not share counts", async () => {
    const a = createBotMetrics({ defaultMetrics: false });
    const b = createBotMetrics({ defaultMetrics: false });
    a.command("help", "answered");
    expect(sample(await b.render(), "harden_commands_total", { verb: "help", outcome: "answered" })).toBeUndefined();
  });
});

describe("health server", () => {
  async function start(checks: Parameters<typeof createHealthServer>[0]["checks"]) {
    const metrics = createBotMetrics({ defaultMetrics: false });
    metrics.command("audit", "queued");
    const server = createHealthServer({ port: 0, host: "127.0.0.1", checks, metrics: { render: metrics.render, contentType: metrics.registry.contentType }, checkTimeoutMs: 100 });
    await server.start();
    return server;
  }

  it("when every dependency answers, then /healthz and /readyz are 200 and /metrics serves the registry", async () => {
    const s = await start([{ name: "redis", check: async () => {} }, { name: "database", check: async () => {} }]);
    try {
      expect((await fetch(`${s.url()}/healthz`)).status).toBe(200);
      const ready = await fetch(`${s.url()}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toBe("ready\nredis: ok\ndatabase: ok\n");
      const metrics = await fetch(`${s.url()}/metrics`);
      expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(sample(await metrics.text(), "harden_commands_total", { verb: "audit", outcome: "queued" })).toBe(1);
      expect((await fetch(`${s.url()}/nope`)).status).toBe(404);
    } finally {
      await s.stop();
    }
  });

  it("when a dependency fails or hangs, then /readyz is 503 and names it without its error text, and /healthz stays 200", async () => {
    class UnavailableError extends Error {
      override name = "UnavailableError";
    }
    const s = await start([
      { name: "redis", check: async () => Promise.reject(new UnavailableError("redis://:hunter2@host down")) },
      { name: "database", check: () => new Promise(() => {}) },
    ]);
    try {
      const ready = await fetch(`${s.url()}/readyz`);
      expect(ready.status).toBe(503);
      const body = await ready.text();
      expect(body).toBe("not ready\nredis: UnavailableError\ndatabase: unavailable\n");
      expect((await fetch(`${s.url()}/healthz`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
