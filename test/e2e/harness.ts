// Runs harden's long-running processes in-process, exactly as `harden serve`, `bot`
// and `worker` do (environment and config validation included), against the fake
// Slack Web API and Socket Mode servers, a real Redis under a prefix of its own and
// a temp-file SQLite store. Requests are signed and posted over real HTTP.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { stringify } from "yaml";
import { JOB_DEFINITIONS } from "../../jobs/index.js";
import { EVENTS_PATH } from "../../src/slack/receivers/http.js";
import { runProcess } from "../../src/main/run-process.js";
import type { ProcessRole } from "../../src/main/runtime-config.js";
import type { Runtime, RuntimeOptions } from "../../src/main/runtime.js";
import { blockActionsPayload, interactionBody, signSlackRequest, slashCommandBody, type SlashCommand } from "../fakes/slack/signing.js";
import { startFakeSocketMode, type FakeSocketMode } from "../fakes/slack/socket-mode.js";
import { startFakeSlackWebApi, type FakeSlackWebApi, type RecordedCall } from "../fakes/slack/web-api.js";
import { TEST_REDIS_URL } from "../support/redis.js";

export const ROOT = join(import.meta.dirname, "../..");
export const BOT_TOKEN = "xoxb-fake-bot-token";
export const APP_TOKEN = "xapp-fake-app-token";
export const SIGNING_SECRET = "e2e-signing-secret-4f1c2a9b7d3e5f60";

export interface StartOptions {
  /** Path of the config file; see `writeConfig`. */
  configPath: string;
  role?: ProcessRole;
  transport?: "http" | "socket";
  /** Share one fake Slack between several processes. */
  api?: FakeSlackWebApi;
  redisUrl?: string;
  prefix: string;
  databaseUrl: string;
  runtime?: Partial<Omit<RuntimeOptions, "env" | "config" | "definitions">>;
}

export interface Harden {
  readonly runtime: Runtime;
  readonly api: FakeSlackWebApi;
  readonly socket?: FakeSocketMode;
  /** Every log line the process wrote. */
  logs(): string;
  healthUrl(): string;
  /** Posts a signed slash command; `timestamp` and `headers` to test staleness and retries. */
  command(text: string, fields?: Partial<SlashCommand> & { timestamp?: number; headers?: Record<string, string> }): Promise<{ status: number; body: string; json(): { text?: string; response_type?: string } }>;
  /** Posts a signed button click; `reply()` waits for the ephemeral answer sent to its response_url. */
  click(actionId: string, value: string, userId: string, opts?: { messageTs?: string; channelId?: string }): Promise<{ status: number; reply(): Promise<string> }>;
  /** SIGTERM, as it were: resolves with the exit code once everything is closed. */
  stop(): Promise<number>;
}

export async function startHarden(o: StartOptions): Promise<Harden> {
  const api = o.api ?? (await startFakeSlackWebApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN }));
  let socket: FakeSocketMode | undefined;
  if (o.transport === "socket") {
    socket = await startFakeSocketMode();
    api.attachSocketMode(socket);
  }
  const lines: string[] = [];
  const processEnv: NodeJS.ProcessEnv = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    ...(o.transport === "socket" ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    SLACK_API_URL: api.apiUrl,
    PORT: "0",
    METRICS_PORT: "0",
    HOST: "127.0.0.1",
    REDIS_URL: o.redisUrl ?? TEST_REDIS_URL,
    DATABASE_URL: o.databaseUrl,
    LOG_LEVEL: "debug",
  };
  let stop!: (signal: string) => void;
  const stopSignal = new Promise<string>((resolve) => (stop = resolve));
  let runtime: Runtime | undefined;
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const errors: string[] = [];
  const exit = runProcess({
    role: o.role ?? "serve",
    definitions: JOB_DEFINITIONS,
    config: o.configPath,
    processEnv,
    stderr: { write: (t: string) => errors.push(t) },
    stopSignal,
    // A short shutdown grace: jobs still running at stop are handed back, as at a real SIGTERM.
    runtime: { prefix: o.prefix, logDestination: { write: (s: string) => void lines.push(s) }, workerTuning: { shutdownGraceMs: 2000 }, channelPaceMs: 20, ...o.runtime },
    onStarted: (r) => {
      runtime = r;
      started();
    },
  });
  const code = await Promise.race([ready.then(() => undefined), exit]);
  if (code !== undefined) throw new Error(`harden ${o.role ?? "serve"} did not start (exit ${code}): ${errors.join("")}`);
  if (socket) await socket.waitForConnection();
  const rt = runtime!;
  const slackUrl = () => {
    const url = rt.slack?.url();
    if (!url) throw new Error("this process has no HTTP listener");
    return `${url}${EVENTS_PATH}`;
  };

  return {
    runtime: rt,
    api,
    ...(socket ? { socket } : {}),
    logs: () => lines.join(""),
    healthUrl: () => rt.health.url(),
    async command(text, fields = {}) {
      const { timestamp, headers, ...rest } = fields;
      const body = slashCommandBody({ response_url: api.responseUrl(), ...rest, text });
      const res = await fetch(slackUrl(), {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(body, SIGNING_SECRET, timestamp), ...headers },
      });
      const raw = await res.text();
      return { status: res.status, body: raw, json: () => JSON.parse(raw) as { text?: string; response_type?: string } };
    },
    async click(actionId, value, userId, opts = {}) {
      const id = `click-${randomUUID()}`;
      const body = interactionBody(
        blockActionsPayload({ actionId, value, userId, responseUrl: api.responseUrl(id), ...(opts.messageTs ? { messageTs: opts.messageTs } : {}), ...(opts.channelId ? { channelId: opts.channelId } : {}) }),
      );
      const res = await fetch(slackUrl(), {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(body, SIGNING_SECRET) },
      });
      await res.arrayBuffer();
      return {
        status: res.status,
        reply: async () => String((await api.waitForCall("response_url", { predicate: (c) => c.args["id"] === id, timeoutMs: 15_000 })).args["text"]),
      };
    },
    async stop() {
      stop("SIGTERM");
      const code = await exit;
      if (socket) await socket.close();
      if (!o.api) await api.close();
      return code;
    },
  };
}

/** A scratch directory with a config file and a SQLite path; `dispose` removes it. */
export function scratch(config: Record<string, unknown>): { dir: string; configPath: string; databaseUrl: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "harden-e2e-"));
  const configPath = join(dir, "harden.yaml");
  writeFileSync(configPath, stringify(config));
  return { dir, configPath, databaseUrl: `sqlite:${join(dir, "harden.db")}`, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The audit card's final state: its fallback text reads "<env> audit: score ...". */
export const isAuditResult = (c: RecordedCall) => c.method === "chat.update" && / audit: score /.test(String(c.args["text"] ?? ""));

/** Jobs of a kind in every state, read straight from BullMQ. */
export async function jobCount(prefix: string, kind: string, redisUrl = TEST_REDIS_URL): Promise<number> {
  const q = new Queue(kind, { connection: { url: redisUrl }, prefix });
  try {
    const counts = await q.getJobCounts("waiting", "active", "delayed", "completed", "failed", "paused", "prioritized");
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await q.close();
  }
}

/** The Prometheus value of one series, or undefined. */
export function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const m = line.match(/^([a-zA-Z_:][\w:]*)\{(.*)\} (.+)$/);
    if (!m || m[1] !== name) continue;
    const have = m[2]!.split(",");
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}
