import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { Queue } from "bullmq";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineJob, type AnyJobDefinition, type JobState } from "../../../jobs/define.js";
import { jobFinished, useQueueTestFile } from "../../../test/support/queue-tests.js";
import { NotFoundError, UnavailableError } from "../../core/errors.js";
import type { EnqueueOptions, JobEvent } from "../../ports/job-queue.js";
import { createBullJobQueue } from "./bullmq-queue.js";
import { createBullWorkers, type BullWorkersOptions } from "./bullmq-worker.js";

const ROOT = join(import.meta.dirname, "../../..");
const CHILD = join(ROOT, "test/support/queue-worker-child.ts");
/** Each test gets queues of its own (kindFor). */
const { url, prefix, cleanups, kindFor } = useQueueTestFile();
const payload = z.object({ environment: z.string() });
const fast = { attempts: 3, backoff: { type: "fixed" as const, delayMs: 20 }, concurrency: 1 };

function harness(defs: AnyJobDefinition[], extra: Partial<BullWorkersOptions<unknown>> = {}) {
  const queue = createBullJobQueue({ connection: { url }, prefix, definitions: defs });
  const events: JobEvent[] = [];
  const workers = createBullWorkers({
    connection: { url },
    prefix,
    definitions: defs,
    deps: { greeting: "hello" },
    onJobEvent: (e) => events.push(e),
    stalled: { lockDurationMs: 1000, stalledIntervalMs: 300 },
    shutdownGraceMs: 5000,
    ...extra,
  });
  cleanups.push(() => queue.close(), () => workers.stop());
  return { queue, workers, events, outcomes: () => events.map((e) => e.outcome) };
}

function inspect(kind: string): Queue {
  const q = new Queue(kind, { connection: { url }, prefix });
  cleanups.push(() => q.close());
  return q;
}

/** Starts workers for the definition, queues one job for prod, and waits until it has ended. */
async function runToEnd(def: AnyJobDefinition, options?: EnqueueOptions) {
  const h = harness([def]);
  h.workers.start();
  const { jobId } = await h.queue.enqueue(def.kind, { environment: "prod" }, options);
  return { h, jobId, ...(await jobFinished(inspect(def.kind), jobId)) };
}

describe("BullMQ workers", () => {
  it("when a valid job is queued, then the worker runs it with its payload, requester, deps and attempt 1", async () => {
    const kind = kindFor("runs");
    const seen: unknown[] = [];
    const def = defineJob({
      kind,
      payload,
      ...fast,
      async process(p, ctx) {
        seen.push({ p, attempt: ctx.attempt, requestedBy: ctx.requestedBy, deps: ctx.deps, jobId: ctx.jobId });
        await ctx.reportProgress({ step: "done" });
        return { score: 87 };
      },
    });
    const { h, jobId, job, state } = await runToEnd(def, { requestedBy: "U024BE7LH" });
    expect(state).toBe("completed");
    expect(job.returnvalue).toEqual({ score: 87 });
    expect(job.progress).toEqual({ step: "done" });
    expect(seen).toEqual([{ p: { environment: "prod" }, attempt: 1, requestedBy: "U024BE7LH", deps: { greeting: "hello" }, jobId }]);
    await vi.waitFor(() => expect(h.outcomes()).toEqual(["completed"]));
    expect(h.events[0]!.kind).toBe(kind);
  });

  it("when a job with a payload its schema refuses gets onto the queue anyway, then it fails at once without running", async () => {
    const kind = kindFor("forced");
    const process = vi.fn(async () => "ran");
    const def = defineJob({ kind, payload, ...fast, process });
    const h = harness([def]);
    const q = inspect(kind);
    // Written straight to BullMQ, past the producer's check, as an old or foreign producer might.
    const badPayload = await q.add(kind, { payload: { environment: 42 } }, { attempts: 3 });
    const notAnEnvelope = await q.add(kind, { environment: "prod" }, { attempts: 3 });
    h.workers.start();
    const bad = await jobFinished(q, badPayload.id!);
    const foreign = await jobFinished(q, notAnEnvelope.id!);
    expect([bad.state, foreign.state]).toEqual(["failed", "failed"]);
    expect(bad.job.attemptsMade).toBe(1);
    expect(bad.job.failedReason).toBe(`invalid ${kind} payload: environment: invalid_type`);
    expect(foreign.job.attemptsMade).toBe(1);
    expect(foreign.job.failedReason).toMatch(/^not a harden job/);
    expect(process).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(h.outcomes()).toEqual(["failed", "failed"]));
  });

  it("when a job throws a permanent error, then it fails at once although attempts remain", async () => {
    const kind = kindFor("permanent");
    let calls = 0;
    const def = defineJob({
      kind,
      payload,
      ...fast,
      async process() {
        calls++;
        throw new NotFoundError('environment "prod" is not configured');
      },
    });
    const { h, job, state } = await runToEnd(def);
    expect(state).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('NotFoundError: environment "prod" is not configured');
    expect(calls).toBe(1);
    await vi.waitFor(() => expect(h.outcomes()).toEqual(["failed"]));
  });

  it("when a job throws a transient error, then it is retried with the backoff and its saved state, and succeeds", async () => {
    const kind = kindFor("transient");
    const seen: Array<{ attempt: number; state: JobState }> = [];
    const def = defineJob({
      kind,
      payload,
      attempts: 3,
      backoff: { type: "exponential", delayMs: 20 },
      concurrency: 1,
      async process(_p, ctx) {
        seen.push({ attempt: ctx.attempt, state: await ctx.state.get() });
        if (ctx.attempt === 1) await ctx.state.set({ messageTs: "1700000000.000200" });
        if (ctx.attempt < 3) throw new UnavailableError("the cluster API did not answer");
        return "ok";
      },
    });
    const { h, job, state } = await runToEnd(def);
    expect(state).toBe("completed");
    expect(job.attemptsMade).toBe(3);
    expect(job.opts.backoff).toEqual({ type: "exponential", delay: 20 });
    expect(seen).toEqual([
      { attempt: 1, state: {} },
      { attempt: 2, state: { messageTs: "1700000000.000200" } },
      { attempt: 3, state: { messageTs: "1700000000.000200" } },
    ]);
    await vi.waitFor(() => expect(h.outcomes()).toEqual(["retrying", "retrying", "completed"]));
  });

  it("when a transient error outlasts the attempts, then the job fails after the last one", async () => {
    const kind = kindFor("exhausted");
    let calls = 0;
    const def = defineJob({
      kind,
      payload,
      ...fast,
      attempts: 2,
      async process() {
        calls++;
        throw new Error("socket hang up");
      },
    });
    const { h, job, state } = await runToEnd(def);
    expect(state).toBe("failed");
    expect(job.attemptsMade).toBe(2);
    expect(calls).toBe(2);
    await vi.waitFor(() => expect(h.outcomes()).toEqual(["retrying", "failed"]));
  });

  it("when a job is told to slow down (retryAfterMs), then it is put back without spending an attempt and completes", async () => {
    const kind = kindFor("ratelimited");
    const attempts: number[] = [];
    const def = defineJob({
      kind,
      payload,
      ...fast,
      attempts: 1, // a rate-limited run that counted as an attempt would fail the job
      async process(_p, ctx) {
        attempts.push(ctx.attempt);
        if (attempts.length === 1) throw Object.assign(new Error("ratelimited"), { retryAfterMs: 300 });
        return "posted";
      },
    });
    const { h, job, state } = await runToEnd(def);
    expect(state).toBe("completed");
    expect(job.attemptsMade).toBe(1);
    expect(attempts).toEqual([1, 1]);
    await vi.waitFor(() => expect(h.outcomes()).toEqual(["rate_limited", "completed"]));
  });

  it("when a run passes the definition's timeout, then its signal fires and the attempt is retried", async () => {
    const kind = kindFor("timeout");
    const aborted: boolean[] = [];
    const def = defineJob({
      kind,
      payload,
      ...fast,
      timeoutMs: 200,
      async process(_p, ctx) {
        if (ctx.attempt === 1) {
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
          aborted.push(ctx.signal.aborted);
          return "too late";
        }
        return "in time";
      },
    });
    const { h, job, state } = await runToEnd(def);
    expect(state).toBe("completed");
    expect(job.returnvalue).toBe("in time");
    expect(aborted).toEqual([true]);
    await vi.waitFor(() => expect(h.outcomes()).toEqual(["retrying", "completed"]));
  });

  it("when stop() is called while a job runs, then the job sees the signal, may finish, and stop waits for it", async () => {
    const kind = kindFor("finishes");
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const def = defineJob({
      kind,
      payload,
      ...fast,
      async process(_p, ctx) {
        started();
        // Finishing the current step after the shutdown signal, as a job should.
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
        await new Promise((resolve) => setTimeout(resolve, 100));
        return "finished";
      },
    });
    const h = harness([def]);
    h.workers.start();
    const { jobId } = await h.queue.enqueue(kind, { environment: "prod" });
    await running;
    await h.workers.stop();
    const job = await inspect(kind).getJob(jobId);
    expect(await job!.getState()).toBe("completed");
    expect(job!.returnvalue).toBe("finished");
    expect(h.outcomes()).toEqual(["completed"]);
  });

  it("when a job stops because of the shutdown signal, then it goes back to the queue unspent and another worker completes it", async () => {
    const kind = kindFor("handed-back");
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const runs: Array<{ attempt: number; state: JobState }> = [];
    const def = defineJob({
      kind,
      payload,
      ...fast,
      attempts: 1,
      async process(_p, ctx) {
        runs.push({ attempt: ctx.attempt, state: await ctx.state.get() });
        if (runs.length > 1) return "resumed";
        await ctx.state.set({ step: "read-cluster" });
        started();
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
        throw new Error("stopped at a safe point");
      },
    });
    const first = harness([def]);
    first.workers.start();
    const { jobId } = await first.queue.enqueue(kind, { environment: "prod" });
    await running;
    await first.workers.stop();
    const q = inspect(kind);
    const parked = await q.getJob(jobId);
    expect(await parked!.getState()).toBe("waiting");
    expect(parked!.attemptsMade).toBe(0);
    expect(first.outcomes()).toEqual(["interrupted"]);

    const second = harness([def]);
    second.workers.start();
    const { job, state } = await jobFinished(q, jobId);
    expect(state).toBe("completed");
    expect(job.returnvalue).toBe("resumed");
    expect(runs).toEqual([
      { attempt: 1, state: {} },
      { attempt: 1, state: { step: "read-cluster" } },
    ]);
  });

  it(
    "when the worker process is killed mid-job, then another worker picks the job up after the stall interval and sees the state saved by the first",
    async () => {
      const kind = kindFor("killed");
      const runs: Array<{ attempt: number; state: JobState }> = [];
      const def = defineJob({
        kind,
        payload,
        ...fast,
        attempts: 1,
        async process(_p, ctx) {
          runs.push({ attempt: ctx.attempt, state: await ctx.state.get() });
          return "one result message";
        },
      });
      const queue = createBullJobQueue({ connection: { url }, prefix, definitions: [def] });
      cleanups.push(() => queue.close());
      const { jobId } = await queue.enqueue(kind, { environment: "prod" });

      const child = spawn(process.execPath, ["--import", "tsx", CHILD, url, prefix, kind], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      const exited = once(child, "exit");
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (b: Buffer) => (out += b.toString()));
      child.stderr.on("data", (b: Buffer) => (err += b.toString()));
      await vi.waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`worker child exited early: ${err}`);
          if (!out.includes(`state-saved ${jobId}`)) throw new Error(`child has not saved state yet: ${out}`);
        },
        { timeout: 25_000, interval: 50 },
      );
      child.kill("SIGKILL");
      await exited;
      const q = inspect(kind);
      expect(await (await q.getJob(jobId))!.getState()).toBe("active");

      const rescuer = harness([def], { stalled: { lockDurationMs: 1000, stalledIntervalMs: 300 } });
      rescuer.workers.start();
      const { job, state } = await jobFinished(q, jobId);
      expect(state).toBe("completed");
      expect(job.returnvalue).toBe("one result message");
      expect(runs).toHaveLength(1);
      expect(runs[0]!.state).toMatchObject({ messageTs: "1700000000.000100", channel: "C0123456" });
      expect(runs[0]!.state.savedByPid).toBe(child.pid);
    },
    60_000,
  );
});
