// What the worker's composition root hands every job as `ctx.deps`. Jobs reach
// Slack, the store and the clusters only through these ports, so tests give them
// fakes and the real adapters stay in src/adapters.
import type { CheckDefinition } from "../src/core/checks/types.js";
import type { HardenConfig } from "../src/core/config/schema.js";
import type { ClusterSnapshot } from "../src/core/snapshot/types.js";
import type { ApprovalRepository } from "../src/ports/approvals.js";
import type { ReadProgress } from "../src/ports/cluster-reader.js";
import type { ClusterWriter } from "../src/ports/cluster-writer.js";
import type { HistoryRepository } from "../src/ports/history.js";
import type { Notifier } from "../src/ports/notifier.js";
import type { JobLogger } from "./define.js";

export interface SnapshotLoadOptions {
  /** Called as each kind is read (live sources only). */
  onProgress?: (progress: ReadProgress) => void;
}

export interface WorkerDeps {
  /** Paced per channel across workers (createWebNotifier with a Redis pacer). */
  notifier: Notifier;
  history: HistoryRepository;
  approvals: ApprovalRepository;
  config: HardenConfig;
  /** The catalog (ALL_CHECKS in production). */
  checks: readonly CheckDefinition[];
  clock: () => Date;
  /**
   * The environment's snapshot from its configured source (files, bundle, live);
   * in production `loadSnapshot(targetOfEnvironment(env, configPath))` from src/main.
   */
  loadSnapshot(environment: string, options?: SnapshotLoadOptions): Promise<ClusterSnapshot>;
  /** Write access to a live environment; undefined where there is nothing to patch (snapshot sources). */
  clusterWriter(environment: string): ClusterWriter | undefined;
  log: JobLogger;
  /**
   * Claims a once-only action across every worker (Redis SET NX PX, see
   * src/adapters/slack/once-claims.ts): true when `owner` holds the claim, also
   * when it already held it (a retry of the same job); false when someone else does.
   */
  claimOnce(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Least time between two progress updates of a job card (3 s by default). */
  progressIntervalMs?: number;
  /** How long a re-planned approval request waits for a decision (1 hour by default). */
  approvalTtlMs?: number;
}
