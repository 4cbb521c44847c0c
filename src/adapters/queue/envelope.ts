// What a harden job looks like inside BullMQ, shared by the producer, the
// workers and the scheduler so all three agree on it.
import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";
import type { AnyJobDefinition, JobLogger } from "../../../jobs/define.js";

/**
 * The job data: the validated payload, who asked, and the state the job keeps
 * across attempts. The payload sits apart from the rest so a payload field can
 * never collide with the framework's own keys.
 */
export interface JobEnvelope {
  payload: unknown;
  requestedBy?: string;
  state?: Record<string, unknown>;
}

export const envelopeSchema = z.object({
  payload: z.unknown(),
  requestedBy: z.string().optional(),
  state: z.record(z.string(), z.unknown()).optional(),
});

export const DEFAULT_PREFIX = "harden";

// Enough history to answer "what happened to my audit" and to read failures the
// next morning, bounded so a busy bot does not fill Redis (which must not evict).
const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 5000 };

export function jobOptionsOf(def: AnyJobDefinition): DefaultJobOptions {
  return {
    attempts: def.attempts,
    backoff: { type: def.backoff.type, delay: def.backoff.delayMs },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

/**
 * Where a payload went wrong, by path and issue code only: the message lands in
 * Redis (failedReason) and in logs, and must not echo the values.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.code}`)
    .join("; ");
}

export const quietLogger: JobLogger = { info() {}, warn() {}, error() {} };

export function definitionsByKind<T extends AnyJobDefinition>(definitions: readonly T[]): Map<string, T> {
  const byKind = new Map<string, T>();
  for (const def of definitions) {
    if (byKind.has(def.kind)) throw new Error(`job kind "${def.kind}" is defined twice`);
    byKind.set(def.kind, def);
  }
  return byKind;
}
