// The producer side of the job queue: one BullMQ queue per job kind (queue name
// = kind) over one fail-fast connection (see connection.ts), job options from
// the definition, and coalescing of duplicate requests (Slack retries, two people
// asking for the same audit within a minute) through BullMQ's deduplication.
import { randomUUID } from "node:crypto";
import type { JobsOptions } from "bullmq";
import type { AnyJobDefinition, JobPayloads } from "../../../jobs/define.js";
import { InputError } from "../../core/errors.js";
import type { EnqueueOptions, EnqueueResult, JobQueue, QueueDepth } from "../../ports/job-queue.js";
import { createProducerConnection, type ProducerOptions } from "./connection.js";
import { definitionsByKind, describeIssues, jobOptionsOf, type JobEnvelope } from "./envelope.js";

export interface BullJobQueueOptions<Defs extends readonly AnyJobDefinition[]> extends ProducerOptions {
  definitions: Defs;
}

export function createBullJobQueue<const Defs extends readonly AnyJobDefinition[]>(
  options: BullJobQueueOptions<Defs>,
): JobQueue<JobPayloads<Defs>> {
  const byKind = definitionsByKind(options.definitions);
  // Made once per kind: BullMQ copies the options it is given and changes only its copy.
  const optionsByKind = new Map([...byKind].map(([kind, def]) => [kind, jobOptionsOf(def)]));
  const redis = createProducerConnection(options, "job-queue", 1000);

  return {
    async enqueue(kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
      const def = byKind.get(kind);
      if (!def) throw new InputError(`unknown job kind "${kind}"`);
      const parsed = def.payload.safeParse(payload);
      if (!parsed.success) throw new InputError(`invalid ${kind} request: ${describeIssues(parsed.error)}`);
      const data: JobEnvelope = { payload: parsed.data, ...(opts.requestedBy ? { requestedBy: opts.requestedBy } : {}) };
      // Our own id tells a new job from a coalesced one: BullMQ answers a
      // deduplicated add with the id of the job already there.
      const jobId = randomUUID();
      const jobOpts: JobsOptions = { ...optionsByKind.get(kind), jobId };
      if (def.coalesce) jobOpts.deduplication = { id: def.coalesce.key(parsed.data), ttl: def.coalesce.ttlMs };
      const job = await redis.call(() => redis.queueFor(kind).add(kind, data, jobOpts));
      const id = job.id ?? jobId;
      return { jobId: id, coalesced: id !== jobId };
    },

    async depth(): Promise<Record<string, QueueDepth>> {
      const out: Record<string, QueueDepth> = {};
      for (const kind of byKind.keys()) {
        const c = await redis.call(() => redis.queueFor(kind).getJobCounts("waiting", "paused", "prioritized", "active", "delayed", "failed"));
        out[kind] = { waiting: (c.waiting ?? 0) + (c.paused ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
      }
      return out;
    },

    close: () => redis.close(),
  };
}
