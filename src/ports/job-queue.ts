// What the Slack edge and the use cases need from the job queue: put work on it,
// see how deep it is, and keep recurring jobs in place. The BullMQ adapter is the
// production implementation; job kinds and their payload schemas live in jobs/.
//
// Payloads hold ids (environment, namespace, secret *name*, approval id), never
// secret values: the queue stores them in clear text.

export interface EnqueueOptions {
  /** Slack user id, "schedule:<id>" or "system": who asked, for the job card and the audit trail. */
  requestedBy?: string;
}

export interface EnqueueResult {
  jobId: string;
  /** True when an identical request was already queued within the kind's coalescing window: `jobId` is that job. */
  coalesced: boolean;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * `M` maps each job kind to its payload type, so a typed queue refuses an unknown
 * kind or a wrong payload at compile time; the adapter checks both again at run time.
 */
export interface JobQueue<M extends object = Record<string, unknown>> {
  /**
   * Rejects with InputError for an unknown kind or a payload its schema refuses,
   * and with UnavailableError, fast, when the queue cannot be reached: the caller
   * answers "try again" instead of blowing Slack's 3-second budget.
   */
  enqueue<K extends keyof M & string>(kind: K, payload: M[K], options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Per kind; UnavailableError when the queue cannot be reached. */
  depth(): Promise<Record<string, QueueDepth>>;
  close(): Promise<void>;
}

export interface ScheduleSpec {
  /** Stable id ("prod-nightly-audit"): upserting it again replaces, never duplicates. */
  id: string;
  /** The job kind to enqueue. */
  kind: string;
  /** Cron expression (five fields, or six with seconds), evaluated in `timezone`. */
  cron: string;
  /** IANA zone ("Europe/Paris", "UTC"). */
  timezone: string;
  /** Checked against the kind's payload schema; ids only, like every payload. */
  payload: object;
}

export interface ScheduledJob {
  id: string;
  kind: string;
  cron: string;
  timezone: string;
  /** When it fires next (ms since the epoch), when the queue knows. */
  next?: number;
}

export interface JobScheduler {
  /** InputError for an unknown kind, a payload its schema refuses, a bad cron or time zone. */
  upsert(schedule: ScheduleSpec): Promise<void>;
  /** Removing an id that is not scheduled is not an error. */
  remove(id: string): Promise<void>;
  /** Only the schedules harden created, ordered by id. */
  list(): Promise<ScheduledJob[]>;
}

/** How a job run ended, for the metrics module (jobs by kind and outcome, duration histogram). */
export type JobOutcome =
  | "completed"
  | "failed"
  /** Failed this attempt; the queue will run it again after the backoff. */
  | "retrying"
  /** Something it called said "slow down": put back without spending an attempt. */
  | "rate_limited"
  /** The worker shut down while the job ran; it went back to the queue without spending an attempt. */
  | "interrupted";

export interface JobEvent {
  kind: string;
  outcome: JobOutcome;
  durationMs: number;
}
