// The job tests' world, built from the real pieces: BullMQ on the test Redis
// (under a key prefix of the harness's own), the fake Slack Web API reached through
// the real Web API notifier (paced per channel in Redis), an in-memory or file
// SQLite store, and either a snapshot or the fake Kubernetes API server.
import { Queue, type Job } from "bullmq";
import { Redis } from "ioredis";
import { createStore, type Store } from "../../src/adapters/db/index.js";
import { createClusterWriter } from "../../src/adapters/kube/cluster-writer.js";
import { createLiveClusterReader } from "../../src/adapters/kube/live-reader.js";
import { createBullJobQueue } from "../../src/adapters/queue/bullmq-queue.js";
import { createBullWorkers, type BullWorkers } from "../../src/adapters/queue/bullmq-worker.js";
import { createRedisChannelPacer } from "../../src/adapters/slack/channel-pacer.js";
import { createRedisOnceClaims } from "../../src/adapters/slack/once-claims.js";
import { createWebNotifier } from "../../src/adapters/slack/web-notifier.js";
import { ALL_CHECKS, requiredKinds } from "../../src/core/checks/registry.js";
import type { CheckDefinition } from "../../src/core/checks/types.js";
import { configSchema, type HardenConfig } from "../../src/core/config/schema.js";
import type { ClusterSnapshot, KubeObject } from "../../src/core/snapshot/types.js";
import type { JobQueue } from "../../src/ports/job-queue.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "../fakes/slack/web-api.js";
import { jobFinished } from "./queue-tests.js";
import { deletePrefix, TEST_REDIS_URL, testPrefix } from "./redis.js";
import type { JobLogger } from "../../jobs/define.js";
import type { WorkerDeps } from "../../jobs/deps.js";
import { JOB_DEFINITIONS } from "../../jobs/index.js";

export const BOT_TOKEN = "xoxb-fake-bot-token";

export function snapshotOf(objects: KubeObject[], description = "test snapshot"): ClusterSnapshot {
  return {
    schemaVersion: 1,
    source: { type: "snapshot", description, capturedAt: "2026-03-02T09:00:00.000Z" },
    objects,
    kubeletConfigs: {},
    visibility: {},
    complete: false,
    notes: [],
  };
}

/** A Deployment whose one container leaves allowPrivilegeEscalation unset (fixable) and runs as root. */
export function deployment(name: string, namespace = "web", extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: `registry.example/${name}:1.0`, ...extra }] },
      },
    },
  };
}

export interface Logged {
  level: "info" | "warn" | "error";
  fields: Record<string, unknown>;
  msg: string;
}

export interface HarnessOptions {
  /** Environments (and anything else) of the config, as the YAML would give them. */
  config: Record<string, unknown>;
  /** Snapshot environments: what loadSnapshot returns. */
  snapshot?: ClusterSnapshot;
  /** Replaces the snapshot source (to make it fail, or wait). */
  loadSnapshot?: WorkerDeps["loadSnapshot"];
  /** Live environments: kubeconfig of the fake API server, per environment. */
  kubeconfigs?: Record<string, string>;
  checks?: readonly CheckDefinition[];
  /** `sqlite::memory:` by default; a file URL when another process shares the store. */
  storeUrl?: string;
  /** Reuse a fake Slack API (e.g. one the child process also talks to). */
  slack?: FakeSlackWebApi;
  paceMs?: number;
  prefix?: string;
}

export interface Harness {
  prefix: string;
  slack: FakeSlackWebApi;
  store: Store;
  deps: WorkerDeps;
  config: HardenConfig;
  queue: JobQueue;
  logs: Logged[];
  /** Starts a worker set (several calls: several "processes"). */
  startWorkers(): BullWorkers;
  finished(kind: string, jobId: string, timeoutMs?: number): Promise<{ job: Job; state: string }>;
  rawQueue(kind: string): Queue;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const prefix = options.prefix ?? testPrefix();
  const slack = options.slack ?? (await startFakeSlackWebApi({ botToken: BOT_TOKEN }));
  const store = await createStore(options.storeUrl ?? "sqlite::memory:");
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const config = configSchema.parse(options.config);
  const checks = options.checks ?? ALL_CHECKS;
  const logs: Logged[] = [];
  const log: JobLogger = {
    info: (fields, msg) => logs.push({ level: "info", fields, msg }),
    warn: (fields, msg) => logs.push({ level: "warn", fields, msg }),
    error: (fields, msg) => logs.push({ level: "error", fields, msg }),
  };
  const notifier = createWebNotifier({
    token: BOT_TOKEN,
    slackApiUrl: slack.apiUrl,
    timeoutMs: 5_000,
    pacer: createRedisChannelPacer({ redis, prefix, intervalMs: options.paceMs ?? 20 }),
  });
  const claimOnce = createRedisOnceClaims({ redis, prefix });
  const deps: WorkerDeps = {
    notifier,
    history: store.history,
    approvals: store.approvals,
    config,
    checks,
    clock: () => new Date(),
    async loadSnapshot(environment, opts = {}) {
      if (options.loadSnapshot) return options.loadSnapshot(environment, opts);
      const kubeconfig = options.kubeconfigs?.[environment];
      if (kubeconfig) {
        const reader = createLiveClusterReader({ kubeconfigPath: kubeconfig, requestTimeoutMs: 5_000 });
        return reader.readSnapshot({ kinds: requiredKinds(checks), configz: false, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
      }
      if (!options.snapshot) throw new Error(`no snapshot for ${environment}`);
      return structuredClone(options.snapshot);
    },
    clusterWriter(environment) {
      const kubeconfig = options.kubeconfigs?.[environment];
      return kubeconfig ? createClusterWriter({ kubeconfigPath: kubeconfig, requestTimeoutMs: 5_000 }) : undefined;
    },
    log,
    claimOnce,
    progressIntervalMs: 0,
  };
  const queue = createBullJobQueue({ connection: { url: TEST_REDIS_URL }, prefix, definitions: JOB_DEFINITIONS });
  const workerSets: BullWorkers[] = [];
  const raws = new Map<string, Queue>();

  const rawQueue = (kind: string) => {
    let q = raws.get(kind);
    if (!q) {
      q = new Queue(kind, { connection: { url: TEST_REDIS_URL }, prefix });
      raws.set(kind, q);
    }
    return q;
  };

  return {
    prefix,
    slack,
    store,
    deps,
    config,
    queue,
    logs,
    startWorkers() {
      const workers = createBullWorkers({
        connection: { url: TEST_REDIS_URL },
        prefix,
        definitions: JOB_DEFINITIONS,
        deps,
        log,
        stalled: { lockDurationMs: 1_000, stalledIntervalMs: 300 },
        shutdownGraceMs: 5_000,
      });
      workers.start();
      workerSets.push(workers);
      return workers;
    },
    finished: (kind, jobId, timeoutMs) => jobFinished(rawQueue(kind), jobId, timeoutMs),
    rawQueue,
    async close() {
      await Promise.allSettled(workerSets.map((w) => w.stop()));
      await queue.close().catch(() => undefined);
      await Promise.allSettled([...raws.values()].map((q) => q.close()));
      await store.close().catch(() => undefined);
      redis.disconnect();
      if (!options.slack) await slack.close();
      await deletePrefix(prefix);
    },
  };
}

/** Top-level messages (not thread replies) the bot posted in `channel`. */
export function cardsIn(slack: FakeSlackWebApi, channel: string) {
  return slack.state.messages.filter((m) => m.channel === channel && !m.threadTs);
}

/** Everything Slack was sent or stores, as one string, to look for values that must never be there. */
export function everythingSlackSaw(slack: FakeSlackWebApi): string {
  const uploads = [...slack.state.uploads.values()].map((u) => ({ ...u, content: u.content?.toString("utf8") }));
  return JSON.stringify({ calls: slack.calls.map((c) => ({ method: c.method, args: c.args })), messages: slack.state.messages, uploads, ephemerals: slack.state.ephemerals });
}
