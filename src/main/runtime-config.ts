// The only place the CLI reads process.env: config file location, database URL,
// Redis URL. Everything downstream receives plain values.
import { existsSync, readFileSync } from "node:fs";
import { parseConfig, type HardenConfig } from "../core/config/schema.js";

export const DEFAULT_DATABASE_URL = "sqlite:./data/harden.db";

export interface RuntimeEnv {
  configPath: string;
  /** True when the path came from HARDEN_CONFIG or --config: then it must exist. */
  configExplicit: boolean;
  databaseUrl: string;
  redisUrl: string;
}

export function readRuntimeEnv(overrides: { config?: string; db?: string } = {}): RuntimeEnv {
  const fromEnv = process.env["HARDEN_CONFIG"];
  return {
    configPath: overrides.config ?? fromEnv ?? "./harden.yaml",
    configExplicit: overrides.config !== undefined || fromEnv !== undefined,
    databaseUrl: overrides.db ?? process.env["DATABASE_URL"] ?? DEFAULT_DATABASE_URL,
    redisUrl: process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379",
  };
}

/** Loads the config when present; a missing default file is fine, a missing explicit one is not. */
export function loadConfigFile(env: RuntimeEnv): HardenConfig | undefined {
  if (!existsSync(env.configPath)) {
    if (env.configExplicit) throw new Error(`config file ${env.configPath} does not exist`);
    return undefined;
  }
  return parseConfig(readFileSync(env.configPath, "utf8"), env.configPath);
}

// ---------------------------------------------------------------------------
// The long-running processes (serve, bot, worker): Slack credentials, ports and
// service URLs, all checked at once so start-up prints every problem in one go.

const REDACTED = "[redacted]";

/**
 * A secret value that shows "[redacted]" however it is printed: string
 * interpolation, JSON, util.inspect, console.log. Only `reveal()` gives the value,
 * so a leak has to be written on purpose.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Secret(${REDACTED})`;
  }
}

export type ProcessRole = "serve" | "bot" | "worker";

export interface BotEnv {
  role: ProcessRole;
  /** Socket Mode when SLACK_APP_TOKEN is set, HTTP mode otherwise. */
  transport: "socket" | "http";
  slackBotToken: Secret;
  slackAppToken?: Secret;
  slackSigningSecret?: Secret;
  /** Web API base URL, ending with "/" (GovSlack, Enterprise Grid proxies, tests). */
  slackApiUrl?: string;
  /** HTTP mode: where Slack posts (/slack/events). */
  port: number;
  /** /healthz, /readyz, /metrics, in every mode and role. */
  metricsPort: number;
  /** Interface both listeners bind to. */
  host: string;
  redisUrl: string;
  databaseUrl: string;
  logLevel: string;
  configPath: string;
  configExplicit: boolean;
}

export type BotEnvResult = { ok: true; env: BotEnv } | { ok: false; problems: string[] };

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

function portOf(name: string, raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`${name} must be a port number (0-65535), got "${raw.slice(0, 20)}"`);
    return fallback;
  }
  return n;
}

/**
 * Reads and checks the environment of a long-running process. Problems name the
 * variable and what is wrong with it, never its value when it is a secret.
 */
export function readBotEnv(role: ProcessRole, env: NodeJS.ProcessEnv = process.env, overrides: { config?: string } = {}): BotEnvResult {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const listens = role !== "worker";

  const bot = get("SLACK_BOT_TOKEN");
  if (!bot) problems.push("SLACK_BOT_TOKEN is not set: the bot token (xoxb-...) from the Slack app's OAuth & Permissions page");
  else if (!bot.startsWith("xoxb-")) problems.push("SLACK_BOT_TOKEN does not look like a bot token: it should start with xoxb-");

  const app = get("SLACK_APP_TOKEN");
  if (app && !app.startsWith("xapp-")) problems.push("SLACK_APP_TOKEN does not look like an app-level token: it should start with xapp- (or unset it for HTTP mode)");
  const signing = get("SLACK_SIGNING_SECRET");
  const transport = app ? "socket" : "http";
  if (listens && transport === "http" && !signing)
    problems.push("SLACK_SIGNING_SECRET is not set: HTTP mode (no SLACK_APP_TOKEN) needs it to verify requests; or set SLACK_APP_TOKEN for Socket Mode");
  if (signing && signing.length < 16) problems.push("SLACK_SIGNING_SECRET is too short to be a Slack signing secret");

  let slackApiUrl = get("SLACK_API_URL");
  if (slackApiUrl) {
    try {
      const u = new URL(slackApiUrl);
      if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("scheme");
      if (!slackApiUrl.endsWith("/")) slackApiUrl += "/";
    } catch {
      problems.push(`SLACK_API_URL must be an http(s) URL such as https://slack.com/api/`);
    }
  }

  const port = portOf("PORT", get("PORT"), 3000, problems);
  const metricsPort = portOf("METRICS_PORT", get("METRICS_PORT"), 9464, problems);
  if (listens && transport === "http" && port !== 0 && port === metricsPort) problems.push(`PORT and METRICS_PORT are both ${port}: give the metrics server a port of its own`);

  const redisUrl = get("REDIS_URL") ?? "redis://127.0.0.1:6379";
  if (!/^rediss?:\/\//.test(redisUrl)) problems.push("REDIS_URL must start with redis:// or rediss://");
  const databaseUrl = get("DATABASE_URL") ?? DEFAULT_DATABASE_URL;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) problems.push("DATABASE_URL must start with sqlite:, postgres:// or postgresql://");

  const logLevel = (get("LOG_LEVEL") ?? "info").toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);

  if (problems.length > 0) return { ok: false, problems };
  const fromEnv = get("HARDEN_CONFIG");
  return {
    ok: true,
    env: {
      role,
      transport,
      slackBotToken: new Secret(bot!),
      ...(app ? { slackAppToken: new Secret(app) } : {}),
      ...(signing ? { slackSigningSecret: new Secret(signing) } : {}),
      ...(slackApiUrl ? { slackApiUrl } : {}),
      port,
      metricsPort,
      host: get("HOST") ?? "0.0.0.0",
      redisUrl,
      databaseUrl,
      logLevel,
      configPath: overrides.config ?? fromEnv ?? "./harden.yaml",
      configExplicit: overrides.config !== undefined || fromEnv !== undefined,
    },
  };
}

/** Every secret value the process holds, for the log sanitizer: tokens, and passwords inside URLs. */
export function secretValuesOf(env: BotEnv): string[] {
  const out = [env.slackBotToken.reveal()];
  if (env.slackAppToken) out.push(env.slackAppToken.reveal());
  if (env.slackSigningSecret) out.push(env.slackSigningSecret.reveal());
  for (const url of [env.redisUrl, env.databaseUrl]) {
    try {
      const p = new URL(url).password;
      if (p) out.push(p, decodeURIComponent(p));
    } catch {
      // Not a WHATWG URL (sqlite:...): no password in it.
    }
  }
  return out;
}
