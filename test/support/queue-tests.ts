// What the BullMQ tests share: Redis required up front, one key prefix per file
// (deleted at the end), queue names no other test in the file uses, and waiting
// for a job to end.
import type { Job, Queue } from "bullmq";
import { afterAll, beforeAll, vi } from "vitest";
import { cleanupAfterEach, type Cleanup } from "./cleanups.js";
import { deletePrefix, requireRedis, TEST_REDIS_URL, testPrefix } from "./redis.js";

export interface QueueTestFile {
  url: string;
  prefix: string;
  /** Run after each test, newest first; a failing one does not fail the test. */
  cleanups: Cleanup[];
  /** A queue name of the test's own: `name-<n>`. */
  kindFor(name: string): string;
}

/** Call once at the top level of a test file. */
export function useQueueTestFile(): QueueTestFile {
  const prefix = testPrefix();
  beforeAll(() => requireRedis());
  const cleanups = cleanupAfterEach({ tolerant: true });
  afterAll(() => deletePrefix(prefix));
  let counter = 0;
  return { url: TEST_REDIS_URL, prefix, cleanups, kindFor: (name) => `${name}-${++counter}` };
}

/** The job once it has completed or failed for good. */
export function jobFinished(q: Queue, id: string, timeoutMs = 20_000): Promise<{ job: Job; state: string }> {
  return vi.waitFor(
    async () => {
      // State first, then the record: a record read before the state could predate the finish.
      const state = await q.getJobState(id);
      if (state !== "completed" && state !== "failed") throw new Error(`job ${id} is ${state}`);
      const job = await q.getJob(id);
      if (!job) throw new Error(`job ${id} vanished`);
      return { job, state };
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
