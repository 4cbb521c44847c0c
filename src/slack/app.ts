// The Bolt app: one set of handlers, whichever way Slack reaches the bot. Socket
// Mode when an app-level token is configured (no ingress needed), HTTP mode on
// /slack/events otherwise, behind the replay-checking receiver.
//
// Bolt's own Web API client is used for one call, auth.test at start (which also
// proves the bot token works before anyone types a command). Everything the
// handlers send goes through response_url or the interactive Notifier, whose client
// rejects a 429 at once instead of pausing every call behind it.
import { App, LogLevel } from "@slack/bolt";
import type { Authorizer } from "../app/authorize.js";
import type { ApprovalDeps } from "../app/approval-shared.js";
import type { CommandDeps } from "../../commands/define.js";
import { registerActions } from "./handlers/actions.js";
import { registerSlashCommand, type HandlerLogger, type HandlerMetrics } from "./handlers/command.js";
import { registerEvents } from "./handlers/events.js";
import type { HomeDeps } from "./handlers/home.js";
import { boltLogger, type LineLogger } from "./receivers/bolt-logger.js";
import type { DedupStore } from "./receivers/dedup-store.js";
import { createHttpReceiver, type HttpReceiverHandle, type RejectReason } from "./receivers/http.js";
import { createSocketReceiver } from "./receivers/socket.js";

export type SlackTransport =
  | { kind: "http"; signingSecret: string; port: number; host?: string }
  | { kind: "socket"; appToken: string; clientPingTimeoutMs?: number; serverPingTimeoutMs?: number };

export interface SlackAppOptions {
  botToken: string;
  /** Web API base (ends with /api/); Slack's own when absent. */
  slackApiUrl?: string;
  transport: SlackTransport;
}

export interface SlackAppDeps {
  commands: CommandDeps;
  approvals: ApprovalDeps;
  home: Omit<HomeDeps, "log">;
  authorizer: Pick<Authorizer, "invalidate">;
  dedup: DedupStore;
  metrics: HandlerMetrics;
  log: HandlerLogger & LineLogger;
  onReject?: (reason: RejectReason) => void;
  /** How long the command dispatcher may take before the ack goes out without it. */
  commandBudgetMs?: number;
}

export interface SlackApp {
  readonly app: App;
  readonly transport: SlackTransport["kind"];
  /**
   * Checks the bot token (auth.test), then listens (HTTP) or connects (Socket Mode).
   * `beforeListening` runs in between: once the token is known good, before any request can arrive.
   */
  start(beforeListening?: () => Promise<void>): Promise<void>;
  /** Stops taking requests; requests in flight finish. */
  stop(): Promise<void>;
  /** HTTP mode: where /slack/events is served. */
  url(): string | undefined;
}

/** The bot token was refused at start: one clear line, no stack. */
export class SlackStartupError extends Error {
  override name = "SlackStartupError";
}

function startupError(err: unknown, what: string): SlackStartupError {
  const code = (err as { data?: { error?: unknown } })?.data?.error;
  if (typeof code === "string") return new SlackStartupError(`Slack refused ${what} (${code})`);
  const name = err instanceof Error ? `${err.name}${(err as { code?: unknown }).code ? ` ${String((err as { code?: unknown }).code)}` : ""}` : "unknown error";
  return new SlackStartupError(`could not reach Slack to check ${what} (${name}); is SLACK_API_URL right and Slack reachable?`);
}

export function createSlackApp(options: SlackAppOptions, deps: SlackAppDeps): SlackApp {
  const logger = boltLogger(deps.log, LogLevel.WARN);
  const clientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  };

  let http: HttpReceiverHandle | undefined;
  const t = options.transport;
  const receiver =
    t.kind === "http"
      ? (http = createHttpReceiver({
          signingSecret: t.signingSecret,
          port: t.port,
          ...(t.host ? { host: t.host } : {}),
          dedup: deps.dedup,
          logger,
          ...(deps.onReject ? { onReject: deps.onReject } : {}),
        })).receiver
      : createSocketReceiver({
          appToken: t.appToken,
          ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
          logger,
          ...(t.clientPingTimeoutMs !== undefined ? { clientPingTimeoutMs: t.clientPingTimeoutMs } : {}),
          ...(t.serverPingTimeoutMs !== undefined ? { serverPingTimeoutMs: t.serverPingTimeoutMs } : {}),
        });

  const app = new App({
    token: options.botToken,
    receiver,
    logger,
    clientOptions,
    // auth.test runs once, in start(), where a refused token stops the process with one line.
    deferInitialization: true,
    // Bolt's per-conversation state store is unused here and costs a lookup per request.
    convoStore: false,
    // Drops events the bot caused itself (its own messages); harden subscribes to
    // none such (Home opened, user group changes), so it would only cost every request.
    ignoreSelf: false,
  });

  // Routing: each handler is a global middleware that handles its kind of request
  // (the slash command, a button, an event) and stops there, or passes it on.
  // Bolt runs the middleware chain of every listener for every request, so with
  // listeners (app.command, app.action, app.event) each command paid for three
  // chains; a middleware that does not call next() ends the request where it is
  // handled. The command comes first: it is the request that must ack fast.
  registerSlashCommand(app, {
    commands: deps.commands,
    metrics: deps.metrics,
    log: deps.log,
    ...(deps.commandBudgetMs !== undefined ? { budgetMs: deps.commandBudgetMs } : {}),
  });
  registerActions(app, { approvals: deps.approvals, metrics: deps.metrics, log: deps.log });
  registerEvents(app, { dedup: deps.dedup, authorizer: deps.authorizer, home: { ...deps.home, log: deps.log } });
  // A handler that throws must not take the process down or reach Slack as a stack.
  app.error(async (err) => {
    deps.log.error({ err: err.name, code: (err as { code?: unknown }).code }, "a Slack handler failed");
  });

  let started = false;
  return {
    app,
    transport: t.kind,
    async start(beforeListening) {
      try {
        await app.init();
      } catch (err) {
        throw startupError(err, "SLACK_BOT_TOKEN");
      }
      await beforeListening?.();
      if (http) await http.start();
      else {
        try {
          await app.start();
        } catch (err) {
          throw startupError(err, "SLACK_APP_TOKEN");
        }
      }
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      if (http) await http.stop();
      else await app.stop();
    },
    url: () => http?.url(),
  };
}
