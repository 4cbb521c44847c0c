// The bot's own metrics, on a registry of its own (so tests and several apps in one
// process never collide). Counters and histograms are fed by the Slack edge and
// the workers; the gauges that describe state held elsewhere (queue depth in
// Redis, findings and pending approvals in the database) are read at scrape time,
// so whichever process is scraped (bot, worker or both in one) reports the same
// truth, and a read that fails or hangs leaves the series out instead of lying.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { JobEvent, QueueDepth } from "../../ports/job-queue.js";
import type { SlackCallEvent } from "../slack/web-client.js";

/** What one interaction was: the ack budget is the same 3 s for all three. */
export type AckKind = "command" | "action" | "event";

export interface FindingCounts {
  environment: string;
  /** Failing findings of the latest audit, by severity. */
  bySeverity: Record<string, number>;
}

export interface MetricSources {
  queueDepth?: () => Promise<Record<string, QueueDepth>>;
  findings?: () => Promise<FindingCounts[]>;
  pendingApprovals?: () => Promise<Array<{ environment: string; count: number }>>;
}

export interface BotMetrics {
  readonly registry: Registry;
  command(verb: string, outcome: string): void;
  ackLatency(kind: AckKind, ms: number): void;
  jobEvent(event: JobEvent): void;
  /** Hand to the Slack adapters as `onCall`: counts failures by method and code, and 429s. */
  slackCall(event: SlackCallEvent): void;
  /** An HTTP request refused before any handler saw it (bad_signature, stale, replay...). */
  requestRejected(reason: string): void;
  /** Where the scrape-time gauges read from; a process sets the ones it has. */
  setSources(sources: MetricSources): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
}

export const METRIC_PREFIX = "harden_";

/** Slack's budget is 3,000 ms: fine resolution under 100 ms, where a healthy bot lives. */
const ACK_BUCKETS_MS = [1, 2.5, 5, 10, 15, 25, 50, 100, 250, 500, 1000, 2000, 3000, 5000];
const JOB_BUCKETS_S = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** A scrape must not hang on a sick Redis or database. */
const SOURCE_TIMEOUT_MS = 1500;

const LABEL = /^[a-z0-9_.:-]{1,40}$/i;
/** Label values from outside (verbs typed by users, Slack error codes) are bounded so a typo cannot add series. */
export function boundedLabel(value: string, fallback = "other"): string {
  return LABEL.test(value) ? value : fallback;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createBotMetrics(options: { defaultMetrics?: boolean; sourceTimeoutMs?: number } = {}): BotMetrics {
  const registry = new Registry();
  const sourceTimeoutMs = options.sourceTimeoutMs ?? SOURCE_TIMEOUT_MS;
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  let sources: MetricSources = {};
  const registers = [registry];

  const commands = new Counter({
    name: `${METRIC_PREFIX}commands_total`,
    help: "Slash commands by verb and outcome (queued, answered, denied, usage, unavailable, error).",
    labelNames: ["verb", "outcome"] as const,
    registers,
  });
  const ack = new Histogram({
    name: `${METRIC_PREFIX}ack_latency_ms`,
    help: "From receiving a Slack request to acknowledging it, in milliseconds (Slack allows 3,000).",
    labelNames: ["kind"] as const,
    buckets: ACK_BUCKETS_MS,
    registers,
  });
  const jobs = new Counter({
    name: `${METRIC_PREFIX}jobs_total`,
    help: "Job runs by kind and outcome (completed, failed, retrying, rate_limited, interrupted).",
    labelNames: ["kind", "outcome"] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: `${METRIC_PREFIX}job_duration_seconds`,
    help: "How long one job run took, by kind and outcome.",
    labelNames: ["kind", "outcome"] as const,
    buckets: JOB_BUCKETS_S,
    registers,
  });
  const slackErrors = new Counter({
    name: `${METRIC_PREFIX}slack_api_errors_total`,
    help: "Slack Web API calls that failed, by method and Slack error code.",
    labelNames: ["method", "error"] as const,
    registers,
  });
  const slackRateLimited = new Counter({
    name: `${METRIC_PREFIX}slack_api_rate_limited_total`,
    help: "Slack Web API calls answered with HTTP 429, by method.",
    labelNames: ["method"] as const,
    registers,
  });
  const rejected = new Counter({
    name: `${METRIC_PREFIX}slack_requests_rejected_total`,
    help: "Requests to /slack/events refused before any handler ran, by reason (bad_signature, stale, replay, missing_headers, too_large).",
    labelNames: ["reason"] as const,
    registers,
  });

  type Read<K extends keyof MetricSources> = Awaited<ReturnType<NonNullable<MetricSources[K]>>> | undefined;
  interface Scrape {
    queueDepth: Read<"queueDepth">;
    findings: Read<"findings">;
    pendingApprovals: Read<"pendingApprovals">;
    up: Partial<Record<keyof MetricSources, 0 | 1>>;
  }
  /**
   * One read of every source per scrape, shared by the gauges that show it: the
   * registry collects them concurrently, and source_up must describe the same read.
   */
  let inflight: Promise<Scrape> | undefined;
  function scrape(): Promise<Scrape> {
    inflight ??= (async () => {
      const up: Scrape["up"] = {};
      const read = async <K extends keyof MetricSources>(name: K): Promise<Read<K>> => {
        const fn = sources[name] as (() => Promise<Read<K>>) | undefined;
        if (!fn) return undefined;
        try {
          const value = await withTimeout(fn(), sourceTimeoutMs);
          up[name] = 1;
          return value;
        } catch {
          up[name] = 0;
          return undefined;
        }
      };
      const [queueDepth, findings, pendingApprovals] = await Promise.all([read("queueDepth"), read("findings"), read("pendingApprovals")]);
      return { queueDepth, findings, pendingApprovals, up };
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  // Each gauge is emptied before it is filled, so series of a source that could not be read vanish.
  new Gauge({
    name: `${METRIC_PREFIX}metrics_source_up`,
    help: "1 when this scrape could read the source (queueDepth, findings, pendingApprovals), 0 when it could not.",
    labelNames: ["source"] as const,
    registers,
    async collect() {
      const { up } = await scrape();
      this.reset();
      for (const [source, v] of Object.entries(up)) this.set({ source }, v);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: "Jobs in the queue by kind and state (waiting, active, delayed, failed), read at scrape time.",
    labelNames: ["kind", "state"] as const,
    registers,
    async collect() {
      const { queueDepth } = await scrape();
      this.reset();
      for (const [kind, d] of Object.entries(queueDepth ?? {}))
        for (const state of ["waiting", "active", "delayed", "failed"] as const) this.set({ kind, state }, d[state]);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}findings`,
    help: "Failing findings of each environment's latest audit, by severity.",
    labelNames: ["environment", "severity"] as const,
    registers,
    async collect() {
      const { findings } = await scrape();
      this.reset();
      for (const r of findings ?? []) for (const [severity, n] of Object.entries(r.bySeverity)) this.set({ environment: r.environment, severity }, n);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}pending_approvals`,
    help: "Approval requests waiting for a decision, by environment.",
    labelNames: ["environment"] as const,
    registers,
    async collect() {
      const { pendingApprovals } = await scrape();
      this.reset();
      for (const r of pendingApprovals ?? []) this.set({ environment: r.environment }, r.count);
    },
  });

  return {
    registry,
    command: (verb, outcome) => commands.inc({ verb: boundedLabel(verb), outcome: boundedLabel(outcome) }),
    ackLatency: (kind, ms) => ack.observe({ kind }, ms),
    jobEvent(e) {
      const labels = { kind: boundedLabel(e.kind), outcome: e.outcome };
      jobs.inc(labels);
      jobDuration.observe(labels, e.durationMs / 1000);
    },
    slackCall(e) {
      if (e.outcome === "rate_limited") slackRateLimited.inc({ method: boundedLabel(e.method) });
      else if (e.outcome === "error") slackErrors.inc({ method: boundedLabel(e.method), error: boundedLabel(e.error ?? "error") });
    },
    requestRejected: (reason) => rejected.inc({ reason: boundedLabel(reason) }),
    setSources(s) {
      sources = { ...sources, ...s };
    },
    render: () => registry.metrics(),
  };
}
