import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Secret, readBotEnv, secretValuesOf } from "./runtime-config.js";

const BOT = "xoxb-111-222-abcdefabcdefabcdef";
const APP = "xapp-1-A0-333-abcdefabcdef";
const SIGNING = "0123456789abcdef0123456789abcdef";

describe("Secret", () => {
  it("when a secret is printed in any of the usual ways, then it shows [redacted] and only reveal() gives the value", () => {
    const s = new Secret(BOT);
    expect(`${s}`).toBe("[redacted]");
    expect(String(s)).toBe("[redacted]");
    expect(JSON.stringify({ token: s })).toBe('{"token":"[redacted]"}');
    expect(inspect({ token: s })).not.toContain(BOT);
    expect(s.reveal()).toBe(BOT);
  });
});

describe("bot environment", () => {
  it("when only a bot token and a signing secret are set, then it is HTTP mode with the default ports and URLs", () => {
    const r = readBotEnv("serve", { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.env).toMatchObject({ transport: "http", port: 3000, metricsPort: 9464, redisUrl: "redis://127.0.0.1:6379", databaseUrl: "sqlite:./data/harden.db" });
    expect(JSON.stringify(r.env)).not.toContain(BOT);
    expect(JSON.stringify(r.env)).not.toContain(SIGNING);
  });

  it("when SLACK_APP_TOKEN is set, then it is Socket Mode and no signing secret is needed", () => {
    const r = readBotEnv("bot", { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_API_URL: "http://127.0.0.1:9999/api" });
    expect(r.ok && r.env.transport).toBe("socket");
    expect(r.ok && r.env.slackApiUrl).toBe("http://127.0.0.1:9999/api/");
  });

  it("when a worker starts without a signing secret, then that is fine: it listens to nobody", () => {
    expect(readBotEnv("worker", { SLACK_BOT_TOKEN: BOT }).ok).toBe(true);
  });

  it("when several things are wrong, then every problem is reported, by variable, without the secret values", () => {
    const r = readBotEnv("serve", {
      SLACK_BOT_TOKEN: "xoxp-user-token-value",
      SLACK_APP_TOKEN: "not-an-app-token",
      PORT: "99999",
      METRICS_PORT: "abc",
      SLACK_API_URL: "ftp://slack",
      REDIS_URL: "127.0.0.1:6379",
      DATABASE_URL: "mysql://x",
      LOG_LEVEL: "loud",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.split(" ")[0])).toEqual([
      "SLACK_BOT_TOKEN",
      "SLACK_APP_TOKEN",
      "SLACK_API_URL",
      "PORT",
      "METRICS_PORT",
      "REDIS_URL",
      "DATABASE_URL",
      "LOG_LEVEL",
    ]);
    expect(r.problems.join("\n")).not.toContain("xoxp-user-token-value");
    expect(r.problems.join("\n")).not.toContain("not-an-app-token");
  });

  it("when HTTP mode would serve Slack and metrics on one port, then it says so", () => {
    const r = readBotEnv("bot", { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, PORT: "8080", METRICS_PORT: "8080" });
    expect(!r.ok && r.problems).toEqual(["PORT and METRICS_PORT are both 8080: give the metrics server a port of its own"]);
  });

  it("when URLs carry passwords, then the sanitizer is given them along with the tokens", () => {
    const r = readBotEnv("serve", {
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      REDIS_URL: "redis://:redis%2Fpass@redis:6379",
      DATABASE_URL: "postgres://harden:pg-pass@db/harden",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(secretValuesOf(r.env)).toEqual(expect.arrayContaining([BOT, SIGNING, "redis%2Fpass", "redis/pass", "pg-pass"]));
  });
});
