// An audit worker in a process of its own, so a test can SIGKILL it in the middle
// of an audit, as a node dying or an OOM kill would. It runs the real audit job
// against the fake Slack API; its snapshot source never answers, so the job holds
// right after the "running" card is posted and saved in the job's state.
// Usage: node --import tsx test/support/audit-worker-child.ts <redis url> <prefix> <slack api url> <store url> <config json>
import { Redis } from "ioredis";
import { createStore } from "../../src/adapters/db/index.js";
import { createBullWorkers } from "../../src/adapters/queue/bullmq-worker.js";
import { createRedisChannelPacer } from "../../src/adapters/slack/channel-pacer.js";
import { createRedisOnceClaims } from "../../src/adapters/slack/once-claims.js";
import { createWebNotifier } from "../../src/adapters/slack/web-notifier.js";
import { ALL_CHECKS } from "../../src/core/checks/registry.js";
import { configSchema } from "../../src/core/config/schema.js";
import type { WorkerDeps } from "../../jobs/deps.js";
import { JOB_DEFINITIONS } from "../../jobs/index.js";

const [url, prefix, slackApiUrl, storeUrl, configJson] = process.argv.slice(2);
if (!url || !prefix || !slackApiUrl || !storeUrl || !configJson) {
  throw new Error("usage: audit-worker-child.ts <redis url> <prefix> <slack api url> <store url> <config json>");
}

const store = await createStore(storeUrl);
const redis = new Redis(url);
const quiet = { info() {}, warn() {}, error() {} };
const deps: WorkerDeps = {
  notifier: createWebNotifier({ token: "xoxb-fake-bot-token", slackApiUrl, pacer: createRedisChannelPacer({ redis, prefix, intervalMs: 20 }) }),
  history: store.history,
  approvals: store.approvals,
  config: configSchema.parse(JSON.parse(configJson)),
  checks: ALL_CHECKS,
  clock: () => new Date(),
  async loadSnapshot() {
    process.stdout.write("loading-snapshot\n");
    // Never settles: the job stays active until the test kills this process.
    return new Promise(() => {});
  },
  clusterWriter: () => undefined,
  log: quiet,
  claimOnce: createRedisOnceClaims({ redis, prefix }),
};

createBullWorkers({
  connection: { url },
  prefix,
  definitions: JOB_DEFINITIONS,
  kinds: ["audit"],
  deps,
  // A short lock so the job's claim lapses soon after the kill.
  stalled: { lockDurationMs: 1000, stalledIntervalMs: 500 },
}).start();
