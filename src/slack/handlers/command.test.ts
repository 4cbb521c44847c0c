import { App, type ReceiverEvent } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { U, testDeps, type TestDeps } from "../../../test/support/fakes.js";
import { DirectReceiver, quietBoltLogger as quiet } from "../../../test/fakes/slack/direct-receiver.js";
import { slashCommand } from "../../../test/fakes/slack/signing.js";
import { startFakeSlackWebApi, type FakeSlackWebApi } from "../../../test/fakes/slack/web-api.js";
import type { TrailEvent } from "../../app/audit-trail.js";
import type { EnqueueOptions } from "../../ports/job-queue.js";
import { DeferredTrail, outcomeOf, registerSlashCommand, verbOf } from "./command.js";

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setup(budgetMs?: number) {
  const deps: TestDeps = await testDeps();
  const api: FakeSlackWebApi = await startFakeSlackWebApi();
  closers.push(() => deps.store.close(), () => api.close());
  const receiver = new DirectReceiver();
  const app = new App({ token: "xoxb-test", botId: "B0", botUserId: "U0", receiver, logger: quiet });
  const events: string[] = [];
  const counted: Array<[string, string]> = [];
  const errors: string[] = [];
  const trail = deps.trail;
  registerSlashCommand(app, {
    commands: {
      ...deps,
      trail: {
        record: (e) => {
          events.push(`trail ${e.action} ${e.outcome}`);
          return trail.record(e);
        },
      },
    },
    metrics: { command: (verb, outcome) => counted.push([verb, outcome]), ackLatency: () => {} },
    log: { warn: () => {}, error: (_f, msg) => errors.push(msg) },
    ...(budgetMs !== undefined ? { budgetMs } : {}),
  });
  async function send(text: string, user: string = U.viewer): Promise<Record<string, unknown> | undefined> {
    let acked: Record<string, unknown> | undefined;
    const event: ReceiverEvent = {
      body: { ...slashCommand({ text, user_id: user, response_url: api.responseUrl("cmd") }) },
      ack: async (response) => {
        events.push("ack");
        acked = response as Record<string, unknown>;
      },
    };
    await receiver.app!.processEvent(event);
    return acked;
  }
  return { deps, api, events, counted, errors, send };
}

describe("the /harden handler", () => {
  it("when an audit is queued, then the ack is the ephemeral queued line and the trail row is written after it", async () => {
    const h = await setup();
    const ack = await h.send("audit prod");
    expect(ack).toMatchObject({ response_type: "ephemeral" });
    expect(String(ack?.["text"])).toMatch(/^Queued: Audit of prod/);
    expect(h.events).toEqual(["ack", "trail command.audit queued"]);
    expect(h.counted).toEqual([["audit", "queued"]]);
    expect(h.deps.queue.enqueued).toHaveLength(1);
    const [row] = await h.deps.store.history.listAuditTrail({});
    expect(row).toMatchObject({ action: "command.audit", outcome: "queued", actor: U.viewer });
  });

  it("when someone without the role asks, then the ack refuses and the metrics say denied", async () => {
    const h = await setup();
    const ack = await h.send("audit prod", U.nobody);
    expect(String(ack?.["text"])).toMatch(/viewer/);
    expect(h.counted).toEqual([["audit", "denied"]]);
    expect(h.deps.queue.enqueued).toHaveLength(0);
  });

  it("when the queue is down, then the ack says try again and the metrics say unavailable", async () => {
    const h = await setup();
    h.deps.queue.unavailable = true;
    const ack = await h.send("audit prod");
    expect(String(ack?.["text"])).toMatch(/Try again in a minute/);
    expect(h.counted).toEqual([["audit", "unavailable"]]);
  });

  it("when the dispatcher outlives the budget, then the ack says so at once and the real answer follows by response_url", async () => {
    const h = await setup(30);
    const enqueue = h.deps.queue.enqueue.bind(h.deps.queue);
    h.deps.queue.enqueue = async (kind: string, payload: unknown, options?: EnqueueOptions) => {
      await new Promise((r) => setTimeout(r, 300));
      return enqueue(kind, payload, options);
    };
    const ack = await h.send("audit prod");
    expect(String(ack?.["text"])).toMatch(/taking longer than usual/);
    const late = await h.api.waitForCall("response_url", { timeoutMs: 5_000 });
    expect(String(late.args["text"])).toMatch(/^Queued: Audit of prod/);
    expect(late.args["response_type"]).toBe("ephemeral");
    expect(late.args["replace_original"]).toBe(false);
    expect(h.counted).toEqual([["audit", "queued"]]);
  });

  it("when the dispatcher itself throws, then the ack says nothing may have been done and the failure is logged", async () => {
    const h = await setup();
    h.deps.authorizer.require = async () => {
      throw new TypeError("directory exploded");
    };
    const ack = await h.send("audit prod");
    expect(String(ack?.["text"])).toMatch(/may not have been done/);
    expect(h.counted).toEqual([["unknown", "error"]]);
    expect(h.errors).toEqual(["a command failed before it could answer"]);
  });
});

describe("verb and outcome labels", () => {
  const row = (action: string, outcome: TrailEvent["outcome"], reason?: string): TrailEvent => ({ actor: "U1", action, outcome, ...(reason ? { details: { reason } } : {}) });

  it("when the dispatcher's row is read, then the verb and outcome come from it", () => {
    expect(verbOf(row("command.schedule.add", "ok"))).toBe("schedule.add");
    expect(verbOf(row("command.unparsed", "failed"))).toBe("unknown");
    expect(verbOf(undefined)).toBe("unknown");
    expect(outcomeOf(row("command.audit", "queued"))).toBe("queued");
    expect(outcomeOf(row("command.help", "ok"))).toBe("answered");
    expect(outcomeOf(row("command.audit", "failed", "usage"))).toBe("usage");
    expect(outcomeOf(row("command.unknown", "failed", "unknown command"))).toBe("usage");
    expect(outcomeOf(row("command.audit", "failed", "queue unavailable"))).toBe("unavailable");
    expect(outcomeOf(row("command.audit", "failed", "not found"))).toBe("refused");
  });

  it("when use cases write rows of their own, then the command's row is the one kept, and rows after the flush go straight through", async () => {
    const written: string[] = [];
    const t = new DeferredTrail({ record: async (e) => (written.push(e.action), true) });
    await t.record(row("approval.request", "ok"));
    await t.record(row("command.waive", "queued"));
    expect(written).toEqual([]);
    expect(t.seen()?.action).toBe("command.waive");
    await t.flush();
    await t.record(row("command.waive.after", "failed"));
    expect(written).toEqual(["approval.request", "command.waive", "command.waive.after"]);
  });
});
