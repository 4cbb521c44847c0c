// Test doubles for the command and approval use cases: a queue, a scheduler, a
// notifier, a group directory and a cluster writer that record what they were
// asked, over a real in-memory SQLite store. End-to-end tests with real Redis and
// the fake Slack server live elsewhere.
import { createAuditTrail, type TrailLogger } from "../../src/app/audit-trail.js";
import { createAuthorizer, type Authorizer } from "../../src/app/authorize.js";
import type { ApprovalDeps } from "../../src/app/approval-shared.js";
import { findingFingerprint } from "../../src/core/audit/fingerprint.js";
import type { CheckDefinition, ResourceRef } from "../../src/core/checks/types.js";
import { configSchema, type HardenConfig } from "../../src/core/config/schema.js";
import { UnavailableError } from "../../src/core/errors.js";
import type { KubeObject } from "../../src/core/snapshot/types.js";
import { createStore, type Store } from "../../src/adapters/db/index.js";
import type { ClusterWriter, PatchOptions } from "../../src/ports/cluster-writer.js";
import type { NewFinding } from "../../src/ports/history.js";
import type { EnqueueOptions, EnqueueResult, JobQueue, JobScheduler, ScheduleSpec, ScheduledJob } from "../../src/ports/job-queue.js";
import type { ChatMessage, GroupDirectory, Notifier, PostedMessage, UploadFile } from "../../src/ports/notifier.js";
import type { CommandDeps } from "../../commands/define.js";

export class FakeQueue implements JobQueue {
  enqueued: { kind: string; payload: Record<string, unknown>; options: EnqueueOptions | undefined; jobId: string; coalesced: boolean }[] = [];
  unavailable = false;
  private readonly byKey = new Map<string, string>();
  private next = 1;

  async enqueue(kind: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueueResult> {
    if (this.unavailable) throw new UnavailableError("the job queue (Redis) is unavailable; try again in a minute");
    const p = payload as Record<string, unknown>;
    // Identical requests coalesce, whoever asked: the real queue keys on ids from the payload.
    const { requestedBy: _who, ...rest } = p;
    const key = `${kind}:${JSON.stringify(rest)}`;
    const existing = this.byKey.get(key);
    const jobId = existing ?? `job-${this.next++}`;
    this.byKey.set(key, jobId);
    this.enqueued.push({ kind, payload: p, options, jobId, coalesced: existing !== undefined });
    return { jobId, coalesced: existing !== undefined };
  }
  async depth() {
    return {};
  }
  async close() {}
}

export class FakeScheduler implements JobScheduler {
  readonly schedules = new Map<string, ScheduleSpec>();
  unavailable = false;
  async upsert(s: ScheduleSpec) {
    if (this.unavailable) throw new UnavailableError("the job queue (Redis) is unavailable; try again in a minute");
    this.schedules.set(s.id, s);
  }
  async remove(id: string) {
    if (this.unavailable) throw new UnavailableError("the job queue (Redis) is unavailable; try again in a minute");
    this.schedules.delete(id);
  }
  async list(): Promise<ScheduledJob[]> {
    return [...this.schedules.values()].map(({ id, kind, cron, timezone }) => ({ id, kind, cron, timezone }));
  }
}

export class FakeNotifier implements Notifier {
  posts: { channel: string; message: ChatMessage; ts: string }[] = [];
  updates: { target: PostedMessage; message: ChatMessage }[] = [];
  ephemerals: { channel: string; user: string; message: ChatMessage }[] = [];
  failPosts: Error | undefined;
  private ts = 1000;

  async post(channel: string, message: ChatMessage): Promise<PostedMessage> {
    if (this.failPosts) throw this.failPosts;
    const ts = `${this.ts++}.000100`;
    this.posts.push({ channel, message, ts });
    return { channel, ts };
  }
  async update(target: PostedMessage, message: ChatMessage) {
    this.updates.push({ target, message });
  }
  async postEphemeral(channel: string, user: string, message: ChatMessage) {
    this.ephemerals.push({ channel, user, message });
  }
  async uploadFiles(_c: string, _t: string | undefined, _f: UploadFile[]) {}
  async publishHome() {}
}

export class FakeDirectory implements GroupDirectory {
  calls: string[] = [];
  failing = false;
  constructor(readonly groups: Record<string, string[]> = {}) {}
  async membersOf(groupId: string): Promise<string[]> {
    this.calls.push(groupId);
    if (this.failing) throw new Error("usergroups.users.list: ratelimited");
    return [...(this.groups[groupId] ?? [])];
  }
}

export class FakeClusterWriter implements ClusterWriter {
  gets: ResourceRef[] = [];
  constructor(readonly objects: KubeObject[] = []) {}
  async get(ref: ResourceRef): Promise<KubeObject | undefined> {
    this.gets.push(ref);
    const o = this.objects.find((x) => x.kind === ref.kind && x.metadata.name === ref.name && (x.metadata.namespace ?? undefined) === ref.namespace);
    return o ? structuredClone(o) : undefined;
  }
  async patch(_ref: ResourceRef, _p: unknown, _o: PatchOptions): Promise<KubeObject> {
    throw new Error("the approval use cases never patch: the remediation job does");
  }
}

export class FakeLog implements TrailLogger {
  warnings: { fields: Record<string, unknown>; msg: string }[] = [];
  warn(fields: Record<string, unknown>, msg: string) {
    this.warnings.push({ fields, msg });
  }
}

export interface Clock {
  (): Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function fakeClock(iso = "2025-06-02T09:00:00.000Z"): Clock {
  let now = new Date(iso).getTime();
  const clock = (() => new Date(now)) as Clock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (s) => {
    now = new Date(s).getTime();
  };
  return clock;
}

/** Users and groups the tests refer to. */
export const U = {
  viewer: "U0VIEWER",
  operator: "U0OPERATOR",
  approver: "U0APPROVER",
  approver2: "U0APPROVER2",
  operatorApprover: "U0OPAPPROVER",
  groupOperator: "U0GROUPOP",
  nobody: "U0NOBODY",
} as const;

export function testConfig(overrides: Record<string, unknown> = {}): HardenConfig {
  return configSchema.parse({
    environments: {
      prod: { kubernetes: { context: "prod-admin" }, channel: "C0PROD", protected: true },
      staging: { kubernetes: { context: "staging" }, channel: "C0STAGING", allowSelfApproval: true },
      lab: { kubernetes: { snapshot: "./lab.yaml" } },
    },
    roles: {
      viewers: { users: [U.viewer] },
      operators: { users: [U.operator, U.operatorApprover], groups: ["S0OPS"] },
      approvers: { users: [U.approver, U.approver2, U.operatorApprover] },
    },
    ...overrides,
  });
}

export type TestDeps = CommandDeps &
  ApprovalDeps & {
    store: Store;
    queue: FakeQueue;
    scheduler: FakeScheduler;
    notifier: FakeNotifier;
    directory: FakeDirectory;
    writer: FakeClusterWriter;
    log: FakeLog;
    clock: Clock;
    authorizer: Authorizer;
  };

export async function testDeps(
  options: { config?: HardenConfig; jobKinds?: string[]; checks?: readonly CheckDefinition[]; objects?: KubeObject[]; groups?: Record<string, string[]> } = {},
): Promise<TestDeps> {
  const config = options.config ?? testConfig();
  const store = await createStore("sqlite::memory:");
  const clock = fakeClock();
  const directory = new FakeDirectory(options.groups ?? { S0OPS: [U.groupOperator] });
  const writer = new FakeClusterWriter(options.objects ?? []);
  const log = new FakeLog();
  return {
    store,
    config,
    queue: new FakeQueue(),
    scheduler: new FakeScheduler(),
    jobKinds: new Set(options.jobKinds ?? ["audit", "digest", "remediation"]),
    history: store.history,
    approvals: store.approvals,
    schedules: store.schedules,
    authorizer: createAuthorizer({ roles: config.roles, directory, clock }),
    notifier: new FakeNotifier(),
    trail: createAuditTrail({ history: store.history, clock, log }),
    clock,
    checks: options.checks ?? [],
    directory,
    writer,
    log,
    clusterWriterFor: (env) => (config.environments[env] && !("snapshot" in config.environments[env]!.kubernetes) ? writer : undefined),
  };
}

/** A stored failing finding, with the fingerprint the engine would give it. */
export function failing(checkId: string, resource: ResourceRef, message = `${checkId} fails`): NewFinding {
  return {
    fingerprint: findingFingerprint(checkId, resource),
    checkId,
    title: `${checkId} title`,
    severity: "high",
    category: "pod-security",
    status: "fail",
    kind: resource.kind,
    namespace: resource.namespace ?? null,
    name: resource.name,
    container: resource.container ?? null,
    message,
  };
}

export async function saveAuditRun(deps: Pick<TestDeps, "history">, environment: string, findings: NewFinding[], at: string, score = 80) {
  return deps.history.saveRun(
    { environment, kind: "audit", startedAt: at, finishedAt: at, status: "succeeded", score, summary: {}, source: "test" },
    findings,
  );
}

/** Every string an outcome could show or store, for "no secret leaks" assertions. */
export function textOf(value: unknown): string {
  return JSON.stringify(value);
}
