import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineJob } from "../../../jobs/define.js";
import { useQueueTestFile } from "../../../test/support/queue-tests.js";
import { startPrivateRedis } from "../../../test/support/redis.js";
import { InputError, UnavailableError } from "../../core/errors.js";
import { createBullJobQueue } from "./bullmq-queue.js";

const { url, prefix, cleanups, kindFor } = useQueueTestFile();
const never = async () => "not run in these tests";

function auditJob(kind: string, coalesceTtlMs?: number) {
  return defineJob({
    kind,
    payload: z.object({ environment: z.string(), namespace: z.string().optional() }),
    attempts: 3,
    backoff: { type: "exponential", delayMs: 1000 },
    concurrency: 2,
    ...(coalesceTtlMs ? { coalesce: { key: (p: { environment: string; namespace?: string }) => `${p.environment}/${p.namespace ?? "*"}`, ttlMs: coalesceTtlMs } } : {}),
    process: never,
  });
}

function open<const D extends ReturnType<typeof auditJob>>(def: D, at = url) {
  const queue = createBullJobQueue({ connection: { url: at }, prefix, definitions: [def] });
  const raw = new Queue(def.kind, { connection: { url: at }, prefix });
  raw.on("error", () => {});
  cleanups.push(() => queue.close(), () => raw.close());
  return { queue, raw };
}

/** Settles within `ms` or reports that it hung: the only timing these tests assert. */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T | "hung"> {
  return Promise.race([promise, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), ms))]);
}

describe("BullMQ job queue", () => {
  it("when a valid request is enqueued, then one job holds the payload and requester, with the definition's retry options", async () => {
    const def = auditJob(kindFor("audit"));
    const { queue, raw } = open(def);
    const { jobId, coalesced } = await queue.enqueue(def.kind, { environment: "prod" }, { requestedBy: "U024BE7LH" });
    expect(coalesced).toBe(false);
    const job = await raw.getJob(jobId);
    expect(job!.name).toBe(def.kind);
    expect(job!.data).toEqual({ payload: { environment: "prod" }, requestedBy: "U024BE7LH" });
    expect(job!.opts).toMatchObject({
      attempts: 3,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { age: 86_400, count: 1000 },
      removeOnFail: { age: 604_800, count: 5000 },
    });
    expect(await queue.depth()).toEqual({ [def.kind]: { waiting: 1, active: 0, delayed: 0, failed: 0 } });
  });

  it("when a payload breaks the schema or the kind is unknown, then InputError at once and nothing is queued", async () => {
    const def = auditJob(kindFor("audit"));
    const { queue, raw } = open(def);
    await expect(queue.enqueue(def.kind, { environment: 42 } as never)).rejects.toThrow(InputError);
    await expect(queue.enqueue(def.kind, { environment: 42 } as never)).rejects.toThrow(`invalid ${def.kind} request: environment: invalid_type`);
    await expect(queue.enqueue("no-such-kind" as never, { environment: "prod" } as never)).rejects.toThrow(InputError);
    expect(await raw.getJobCounts("waiting", "delayed")).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it("when the same request comes twice within the coalescing window, then it is one job; a different one or a later one is new", async () => {
    const def = auditJob(kindFor("coalesce"), 600);
    const { queue, raw } = open(def);
    const first = await queue.enqueue(def.kind, { environment: "prod" }, { requestedBy: "U1" });
    const retry = await queue.enqueue(def.kind, { environment: "prod" }, { requestedBy: "U2" });
    const other = await queue.enqueue(def.kind, { environment: "prod", namespace: "payments" });
    expect(first.coalesced).toBe(false);
    expect(retry).toEqual({ jobId: first.jobId, coalesced: true });
    expect(other.coalesced).toBe(false);
    expect(other.jobId).not.toBe(first.jobId);
    expect(await raw.getWaitingCount()).toBe(2);

    await new Promise((resolve) => setTimeout(resolve, 900)); // past the 600 ms window
    const later = await queue.enqueue(def.kind, { environment: "prod" });
    expect(later.coalesced).toBe(false);
    expect(later.jobId).not.toBe(first.jobId);
    expect(await raw.getWaitingCount()).toBe(3);
  });

  it("when Redis goes down, then enqueue and depth reject with UnavailableError instead of hanging, and enqueue works again once it is back", async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.dispose());
    const def = auditJob(kindFor("outage"));
    const { queue, raw } = open(def, redis.url);
    await queue.enqueue(def.kind, { environment: "prod" });

    await redis.stop();
    const refused = await settlesWithin(queue.enqueue(def.kind, { environment: "prod" }).catch((e: unknown) => e), 3000);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as Error).message).toBe("the job queue (Redis) is unavailable; try again in a minute");
    const depth = await settlesWithin(queue.depth().catch((e: unknown) => e), 3000);
    expect(depth).toBeInstanceOf(UnavailableError);

    await redis.start(); // empty: the private server keeps nothing
    const back = await vi.waitFor(() => queue.enqueue(def.kind, { environment: "staging" }), { timeout: 15_000, interval: 200 });
    expect(back.coalesced).toBe(false);
    const job = await raw.getJob(back.jobId);
    expect(job!.data.payload).toEqual({ environment: "staging" });
  });

  it("when Redis stops answering, then enqueue is refused with UnavailableError within its timeout instead of hanging", async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.dispose());
    const def = auditJob(kindFor("paused"));
    const queue = createBullJobQueue({ connection: { url: redis.url }, prefix, definitions: [def], timeoutMs: 300 });
    cleanups.push(() => queue.close());
    await queue.enqueue(def.kind, { environment: "prod" });
    // Every client is paused (replies held, connections open): a hung Redis, not a dead one.
    const admin = new Redis(redis.url);
    await admin.call("CLIENT", "PAUSE", "3000", "ALL");
    admin.disconnect();
    const refused = await settlesWithin(queue.enqueue(def.kind, { environment: "staging" }).catch((e: unknown) => e), 2000);
    expect(refused).toBeInstanceOf(UnavailableError);
  });

  it("when Redis is down before the first request, then enqueue rejects with UnavailableError and works once Redis starts", async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.dispose());
    await redis.stop();
    const def = auditJob(kindFor("cold-start"));
    const queue = createBullJobQueue({ connection: { url: redis.url }, prefix, definitions: [def] });
    cleanups.push(() => queue.close());

    const refused = await settlesWithin(queue.enqueue(def.kind, { environment: "prod" }).catch((e: unknown) => e), 3000);
    expect(refused).toBeInstanceOf(UnavailableError);

    await redis.start();
    const { jobId } = await vi.waitFor(() => queue.enqueue(def.kind, { environment: "prod" }), { timeout: 15_000, interval: 200 });
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await queue.depth()).toEqual({ [def.kind]: { waiting: 1, active: 0, delayed: 0, failed: 0 } });
  });
});
