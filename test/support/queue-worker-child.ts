// A harden worker in a process of its own, so a test can SIGKILL it in the middle
// of a job, as a node dying or an OOM kill would. It saves job state the way a
// real job records its Slack message, says so on stdout, then holds the job.
// Usage: node --import tsx test/support/queue-worker-child.ts <redis url> <prefix> <kind>
import { z } from "zod";
import { defineJob } from "../../jobs/define.js";
import { createBullWorkers } from "../../src/adapters/queue/bullmq-worker.js";

const [url, prefix, kind] = process.argv.slice(2);
if (!url || !prefix || !kind) throw new Error("usage: queue-worker-child.ts <redis url> <prefix> <kind>");

// The test expects exactly these values on the next attempt.
const CHILD_STATE = { messageTs: "1700000000.000100", channel: "C0123456" };

const job = defineJob({
  kind,
  payload: z.object({ environment: z.string() }),
  attempts: 1,
  backoff: { type: "fixed", delayMs: 100 },
  concurrency: 1,
  async process(_payload, ctx) {
    await ctx.state.set({ ...CHILD_STATE, savedByPid: process.pid });
    process.stdout.write(`state-saved ${ctx.jobId}\n`);
    // Never settles: the job stays active until the test kills this process.
    await new Promise(() => {});
  },
});

createBullWorkers({
  connection: { url },
  prefix,
  definitions: [job],
  deps: {},
  // A short lock so the job's claim lapses soon after the kill.
  stalled: { lockDurationMs: 1000, stalledIntervalMs: 500 },
}).start();
