// The wiring the long-running processes share. `harden serve` is the Slack
// listener, the workers and the schedule sync in one process; `harden bot` the
// listener and the schedule sync; `harden worker` only workers. All of them talk to
// the same Redis and database, expose /healthz, /readyz and /metrics, and are safe
// to run as several replicas: the queue coalesces duplicate requests, schedules are
// upserted under stable ids, once-only posts are claimed in Redis.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import type { DestinationStream } from "pino";
import type { AnyJobDefinition } from "../../jobs/define.js";
import type { WorkerDeps } from "../../jobs/deps.js";
import type { CommandDeps } from "../../commands/define.js";
import { createStore, type Store } from "../adapters/db/index.js";
import { createClusterWriter } from "../adapters/kube/cluster-writer.js";
import { createBullJobQueue } from "../adapters/queue/bullmq-queue.js";
import { createBullScheduler, type BullScheduler } from "../adapters/queue/bullmq-scheduler.js";
import { createBullWorkers, type BullWorkers, type StalledJobSettings } from "../adapters/queue/bullmq-worker.js";
import { createRedisChannelPacer } from "../adapters/slack/channel-pacer.js";
import { createSlackGroupDirectory } from "../adapters/slack/group-directory.js";
import { createRedisOnceClaims } from "../adapters/slack/once-claims.js";
import { createWebNotifier } from "../adapters/slack/web-notifier.js";
import { createHealthServer, type HealthServer } from "../adapters/telemetry/health-server.js";
import { createLogger, type Logger } from "../adapters/telemetry/logger.js";
import { createBotMetrics, type BotMetrics, type FindingCounts } from "../adapters/telemetry/metrics.js";
import { createAuditTrail } from "../app/audit-trail.js";
import { createAuthorizer } from "../app/authorize.js";
import { ALL_CHECKS } from "../core/checks/registry.js";
import type { CheckDefinition } from "../core/checks/types.js";
import type { HardenConfig } from "../core/config/schema.js";
import type { JobQueue } from "../ports/job-queue.js";
import { createSlackApp, type SlackApp } from "../slack/app.js";
import { createMemoryDedup, createRedisDedup, type ClosableDedupStore } from "../slack/receivers/dedup-store.js";
import { EVENT_TTL_MS } from "../slack/handlers/events.js";
import { REPLAY_TTL_MS } from "../slack/receivers/http.js";
import { createReceiverRoster, type ReceiverRoster } from "../slack/receivers/receiver-roster.js";
import { secretValuesOf, type BotEnv } from "./runtime-config.js";
import { syncSchedules } from "./schedule-sync.js";
import { loadSnapshot, targetOfEnvironment } from "./snapshot-sources.js";

export interface RuntimeOptions {
  env: BotEnv;
  config: HardenConfig;
  definitions: readonly AnyJobDefinition[];
  /** Redis key prefix for queues, claims and dedup keys; tests use their own. */
  prefix?: string;
  checks?: readonly CheckDefinition[];
  clock?: () => Date;
  /** Where log lines go (stdout by default). */
  logDestination?: DestinationStream;
  /** Tests shorten BullMQ's stalled-job clock and the shutdown grace. */
  workerTuning?: { stalled?: StalledJobSettings; shutdownGraceMs?: number };
  /** Gap between two posts in one channel (Slack allows about one a second); tests shorten it. */
  channelPaceMs?: number;
  /** Tests shorten Socket Mode's ping timeouts. */
  socketPingTimeoutMs?: number;
  /** The receiver roster's heartbeat (1 s); a replica joining a live one waits 2.5 of these. Tests shorten it. */
  rosterIntervalMs?: number;
}

export interface Runtime {
  readonly log: Logger;
  readonly metrics: BotMetrics;
  readonly store: Store;
  readonly queue: JobQueue;
  readonly slack?: SlackApp;
  readonly workers?: BullWorkers;
  readonly health: HealthServer;
  start(): Promise<void>;
  /** Stops taking requests, lets workers finish or hand back their jobs, closes everything. Safe to call twice. */
  stop(): Promise<void>;
}

/** How long a replay or redelivery check may wait on Redis before this replica's memory decides. */
const DEDUP_TIMEOUT_MS = 250;

/** The bot's own Redis client: commands fail fast while Redis is away, and it reconnects in the background. */
function botRedis(url: string, commandTimeoutMs = 1000): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  redis.on("error", () => {}); // outages reach callers as rejected commands; /readyz says so
  return redis;
}

/** Waits up to `ms` for a client that fails fast while offline to connect; the caller copes if it does not. */
async function connected(redis: Redis, ms: number): Promise<void> {
  if (redis.status !== "ready") await once(redis, "ready", { signal: AbortSignal.timeout(ms) }).catch(() => {});
}

async function latestFindings(config: HardenConfig, store: Store): Promise<FindingCounts[]> {
  const rows: FindingCounts[] = [];
  for (const environment of Object.keys(config.environments)) {
    const [run] = await store.history.listRuns({ environment, kind: "audit", limit: 1 });
    const bySeverity = run?.summary["bySeverity"];
    if (bySeverity && typeof bySeverity === "object") rows.push({ environment, bySeverity: bySeverity as Record<string, number> });
  }
  return rows;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { env, config, definitions } = options;
  const role = env.role;
  const prefix = options.prefix ?? "harden";
  const clock = options.clock ?? (() => new Date());
  const checks = options.checks ?? ALL_CHECKS;
  const log = createLogger({
    level: env.logLevel,
    secrets: secretValuesOf(env),
    base: { process: role },
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const metrics = createBotMetrics();
  const store = await createStore(env.databaseUrl);
  const redis = botRedis(env.redisUrl);
  const connection = { url: env.redisUrl };
  const jobKinds = new Set(definitions.map((d) => d.kind));
  const queue = createBullJobQueue({ connection, prefix, definitions, log });
  const slackApi = env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {};
  const onCall = metrics.slackCall;

  metrics.setSources({
    queueDepth: () => queue.depth(),
    findings: () => latestFindings(config, store),
    pendingApprovals: async () => {
      const counts = new Map<string, number>();
      for (const r of await store.approvals.listPending(undefined, clock())) counts.set(r.environment, (counts.get(r.environment) ?? 0) + 1);
      return [...counts].map(([environment, count]) => ({ environment, count }));
    },
  });

  const health = createHealthServer({
    port: env.metricsPort,
    host: env.host,
    metrics: { render: metrics.render, contentType: metrics.registry.contentType },
    checks: [
      { name: "redis", check: async () => void (await redis.ping()) },
      // The cheapest query every store answers; a missing environment is an empty list.
      { name: "database", check: async () => void (await store.history.listRuns({ environment: "__readyz__", limit: 1 })) },
    ],
  });

  let slack: SlackApp | undefined;
  /** Replay and redelivery checks: a client of their own, whose short command timeout bounds each check. */
  let dedupRedis: Redis | undefined;
  let dedup: ClosableDedupStore | undefined;
  let roster: ReceiverRoster | undefined;
  let scheduler: BullScheduler | undefined;
  if (role !== "worker") {
    scheduler = createBullScheduler({ connection, prefix, definitions, log });
    const trail = createAuditTrail({ history: store.history, clock, log });
    const directory = createSlackGroupDirectory({ token: env.slackBotToken.reveal(), ...slackApi, onCall });
    const authorizer = createAuthorizer({ roles: config.roles, directory, clock });
    // The interactive path posts without a pacer: a click never waits behind an audit thread.
    const notifier = createWebNotifier({ token: env.slackBotToken.reveal(), ...slackApi, onCall });
    const commands: CommandDeps = {
      config,
      queue,
      scheduler,
      jobKinds,
      history: store.history,
      approvals: store.approvals,
      schedules: store.schedules,
      authorizer,
      notifier,
      trail,
      clock,
      checks,
    };
    const transport =
      env.transport === "socket"
        ? {
            kind: "socket" as const,
            appToken: env.slackAppToken!.reveal(),
            ...(options.socketPingTimeoutMs !== undefined ? { clientPingTimeoutMs: options.socketPingTimeoutMs, serverPingTimeoutMs: options.socketPingTimeoutMs * 6 } : {}),
          }
        : { kind: "http" as const, signingSecret: env.slackSigningSecret!.reveal(), port: env.port, host: env.host };
    slack = createSlackApp(
      { botToken: env.slackBotToken.reveal(), ...slackApi, transport },
      {
        commands,
        approvals: {
          ...commands,
          clusterWriterFor: (environment) => clusterWriterFor(config, env, environment),
        },
        home: { queue },
        authorizer,
        dedup: (dedup = createRedisDedup({
          redis: (dedupRedis = botRedis(env.redisUrl, DEDUP_TIMEOUT_MS)),
          prefix: `${prefix}:dedup`,
          local: createMemoryDedup(),
          roster: (roster = createReceiverRoster({
            redis: dedupRedis,
            key: `${prefix}:receivers`,
            id: randomUUID(),
            memoryMs: Math.max(EVENT_TTL_MS, REPLAY_TTL_MS),
            ...(options.rosterIntervalMs !== undefined ? { intervalMs: options.rosterIntervalMs } : {}),
            onUnavailable: () => log.warn({ component: "dedup" }, "Redis did not answer the receiver roster; replay checks go to Redis until it answers again"),
          })),
          onUnavailable: () => log.warn({ component: "dedup" }, "Redis did not answer a dedup check; this replica's memory decided"),
          onConflict: () => log.warn({ component: "dedup" }, "a request this replica accepted alone had also been accepted by another replica"),
        })),
        metrics,
        log,
        onReject: (reason) => {
          metrics.requestRejected(reason);
          log.warn({ reason }, "refused a request to /slack/events");
        },
      },
    );
  }

  let workers: BullWorkers | undefined;
  if (role !== "bot") {
    const deps: WorkerDeps = {
      notifier: createWebNotifier({ token: env.slackBotToken.reveal(), ...slackApi, onCall, pacer: createRedisChannelPacer({ redis, prefix, ...(options.channelPaceMs ? { intervalMs: options.channelPaceMs } : {}) }) }),
      history: store.history,
      approvals: store.approvals,
      config,
      checks,
      clock,
      loadSnapshot: (environment, opts) => {
        const e = config.environments[environment];
        if (!e) return Promise.reject(new Error(`environment "${environment}" is not configured`));
        return loadSnapshot(targetOfEnvironment(e, env.configPath), opts?.onProgress ? { onProgress: opts.onProgress } : {});
      },
      clusterWriter: (environment) => clusterWriterFor(config, env, environment),
      log,
      claimOnce: createRedisOnceClaims({ redis, prefix }),
    };
    workers = createBullWorkers<WorkerDeps>({
      connection,
      prefix,
      definitions,
      deps,
      log,
      onJobEvent: metrics.jobEvent,
      ...(options.workerTuning?.stalled ? { stalled: options.workerTuning.stalled } : {}),
      ...(options.workerTuning?.shutdownGraceMs !== undefined ? { shutdownGraceMs: options.workerTuning.shutdownGraceMs } : {}),
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    log,
    metrics,
    store,
    queue,
    ...(slack ? { slack } : {}),
    ...(workers ? { workers } : {}),
    health,
    async start() {
      await health.start();
      // Slack first: a refused token stops the start before any job is taken. Once the
      // token is good, this replica joins the receiver roster; one that was alone until
      // now needs a moment to notice it and write its last replay keys to Redis, and
      // listening before that could let a replay through.
      await slack?.start(async () => {
        if (dedupRedis) await connected(dedupRedis, 1000);
        if (roster && (await roster.join())) {
          log.info({ graceMs: roster.graceMs }, "another replica takes Slack requests; waiting for it to share its replay keys");
          await delay(roster.graceMs);
        }
      });
      if (scheduler) {
        // Every replica syncs at start: upserts under stable ids never duplicate.
        await syncSchedules({ config, scheduler, schedules: store.schedules, jobKinds, log }).catch((err: unknown) =>
          log.warn({ err: err instanceof Error ? err.message : "unknown" }, "could not sync the schedules; they are synced again at the next start"),
        );
      }
      workers?.start();
      log.info({ role, transport: slack?.transport, slack: slack?.url(), health: health.url() }, "harden is running");
    },
    stop() {
      stopping ??= (async () => {
        // Order matters: no new requests, then no new jobs, then the connections they used.
        await slack?.stop().catch((err: unknown) => log.warn({ err: String(err) }, "stopping the Slack listener failed"));
        roster?.leave();
        await dedup?.close();
        await workers?.stop();
        await scheduler?.close();
        await queue.close();
        await health.stop();
        redis.disconnect();
        dedupRedis?.disconnect();
        await store.close();
        log.info({ role }, "harden stopped");
        log.flush();
      })();
      return stopping;
    },
  };
}

/** Live environments get a writer built lazily, once; snapshot environments have nothing to patch. */
const writers = new Map<string, ReturnType<typeof createClusterWriter>>();
function clusterWriterFor(config: HardenConfig, env: BotEnv, environment: string) {
  const source = config.environments[environment]?.kubernetes;
  if (!source || "snapshot" in source) return undefined;
  const key = `${env.configPath}#${environment}`;
  let writer = writers.get(key);
  if (!writer) {
    writer = createClusterWriter("inCluster" in source ? { inCluster: true } : { context: source.context, ...(source.kubeconfig ? { kubeconfigPath: source.kubeconfig } : {}) });
    writers.set(key, writer);
  }
  return writer;
}
