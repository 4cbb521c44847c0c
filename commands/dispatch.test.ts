import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findCheck } from "../src/core/checks/registry.js";
import type { AuditTrailEntry } from "../src/ports/history.js";
import { handleSlashCommand } from "./dispatch.js";
import { U, failing, saveAuditRun, testDeps, textOf, type TestDeps } from "../test/support/fakes.js";

const explainable = [findCheck("allow-privilege-escalation")!, findCheck("latest-image-tag")!];

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ checks: explainable });
});
afterEach(async () => {
  await deps.store.close();
});

const run = (userId: string, text: string, channelId = "C0ASKED") => handleSlashCommand({ userId, channelId, teamId: "T0TEAM", text }, deps);
const trail = (): Promise<AuditTrailEntry[]> => deps.history.listAuditTrail({ limit: 100 });

describe("usage help", () => {
  it("when the verb is mistyped, then the answer suggests the closest verb with the same arguments", async () => {
    const out = await run(U.viewer, "audti prod ns=web");
    expect(out.reply.text).toContain('unknown command "audti"');
    expect(out.reply.text).toContain("Did you mean /harden audit prod ns=web?");
    expect(textOf(out.reply.blocks)).toContain("/harden audit &lt;env&gt; [ns=NS] [check=ID]");
    expect(deps.queue.enqueued).toEqual([]);
    const [row] = await trail();
    expect(row).toMatchObject({ actor: U.viewer, action: "command.unknown", outcome: "failed" });
  });

  it("when the verb is nothing like a known one, then the answer points at help", async () => {
    const out = await run(U.viewer, "xyzzy");
    expect(out.reply.text).not.toContain("Did you mean");
    expect(textOf(out.reply.blocks)).toContain("/harden help");
  });

  it("when the environment is unknown, then the answer names the closest one and every configured one", async () => {
    const out = await run(U.viewer, "audit prdo");
    expect(out.reply.text).toContain('unknown environment "prdo" (configured: lab, prod, staging)');
    expect(out.reply.text).toContain("Did you mean /harden audit prod?");
    expect(deps.queue.enqueued).toEqual([]);
  });

  it("when the arguments are malformed, then the answer shows the verb's usage and nothing runs", async () => {
    const cases: [string, string][] = [
      ["history prod lots", "N must be a whole number"],
      ["audit prod ns=Not_A_Namespace", "is not a namespace name"],
      ["audit prod color=blue", 'unknown option "color"'],
      ["waive nothex 3 because", "fingerprint"],
      ["rotate prod just-a-name", "name the Secret as"],
      ['schedule add Bad prod digest "0 8 * * *"', "kebab"],
      ['schedule add nightly prod digest "0 8 * *"', "five-field cron"],
      ['schedule add nightly prod digest "0 8 * * *" Mars/Olympus', "not a time zone"],
      ['schedule add nightly prod digest "0 8 * * *', "a quote is not closed"],
    ];
    for (const [text, message] of cases) {
      const out = await run(U.operator, text);
      expect(out.reply.text, text).toContain(message);
      expect(textOf(out.reply.blocks), text).toContain("Usage:");
    }
    expect(deps.queue.enqueued).toEqual([]);
    expect(deps.scheduler.schedules.size).toBe(0);
  });

  it("when a sub-verb is mistyped, then the closest sub-verb is suggested", async () => {
    const out = await run(U.viewer, "schedule lst");
    expect(out.reply.text).toContain("Did you mean /harden schedule list?");
  });

  it("when a check id is mistyped in explain, then the closest id is suggested", async () => {
    const out = await run(U.viewer, "explain latest-image-tags");
    expect(out.reply.text).toContain("Did you mean /harden explain latest-image-tag?");
  });

  it("when a check id is known, then explain shows the check", async () => {
    const out = await run(U.viewer, "explain latest-image-tag");
    expect(out.reply.text).toContain("latest-image-tag");
    expect(out.reply.blocks?.length).toBeGreaterThan(2);
  });
});

describe("help", () => {
  const verbsIn = (text: string) => [...text.matchAll(/\/harden ([a-z]+(?: (?:list|add|remove))?)/g)].map((m) => m[1]);

  it("when a viewer asks, then only the viewer commands are listed", async () => {
    const out = await run(U.viewer, "help");
    const verbs = verbsIn(textOf(out.reply.blocks));
    expect(verbs).toContain("audit");
    expect(verbs).toContain("schedule list");
    expect(verbs).not.toContain("rotate");
    expect(verbs).not.toContain("waive");
    expect(verbs).not.toContain("schedule add");
  });

  it("when an operator asks, then the operator commands are listed too", async () => {
    const verbs = verbsIn(textOf((await run(U.operator, "help")).reply.blocks));
    expect(verbs).toEqual(expect.arrayContaining(["audit", "rotate", "waive", "schedule add", "schedule remove"]));
  });

  it("when someone with no role asks, then help says they may run nothing", async () => {
    const out = await run(U.nobody, "");
    expect(out.reply.text).toBe("You may not run any harden command yet.");
  });

  it("when a user is an operator through a user group, then help lists the operator commands", async () => {
    const verbs = verbsIn(textOf((await run(U.groupOperator, "help")).reply.blocks));
    expect(verbs).toContain("rotate");
  });
});

describe("permission", () => {
  it("when a user without a role runs audit, then it is refused and the trail records the denial", async () => {
    const out = await run(U.nobody, "audit prod");
    expect(out.reply.text).toBe("You may not run /harden audit: it takes the viewer role.");
    expect(deps.queue.enqueued).toEqual([]);
    const [row] = await trail();
    expect(row).toMatchObject({ actor: U.nobody, action: "command.audit", environment: "prod", outcome: "denied", details: { requiredRole: "viewer", channel: "C0ASKED" } });
  });

  it("when a viewer runs an operator command, then it is refused with the role it takes", async () => {
    const out = await run(U.viewer, "rotate prod payments/db-password");
    expect(out.reply.text).toBe("You may not run /harden rotate: it takes the operator role.");
  });

  it("when the group directory is down and nothing is cached, then a group member is refused with the reason", async () => {
    deps.directory.failing = true;
    const out = await run(U.groupOperator, "audit prod");
    expect(out.reply.text).toContain("could not check your membership of user group S0OPS");
    expect(deps.queue.enqueued).toEqual([]);
    expect((await trail())[0]).toMatchObject({ outcome: "denied" });
  });
});

describe("audit", () => {
  it("when a viewer asks for an audit, then one job is queued with ids only and the reply says where the result goes", async () => {
    const out = await run(U.viewer, "audit prod ns=payments check=latest-image-tag");
    expect(deps.queue.enqueued).toHaveLength(1);
    expect(deps.queue.enqueued[0]).toMatchObject({
      kind: "audit",
      payload: { environment: "prod", namespace: "payments", checkIds: ["latest-image-tag"], channel: "C0PROD", requestedBy: U.viewer },
      options: { requestedBy: U.viewer },
    });
    expect(out.reply.text).toBe("Queued: Audit of prod (ns=payments check=latest-image-tag)");
    expect(textOf(out.reply.blocks)).toContain("<#C0PROD>");
    const [row] = await trail();
    expect(row).toMatchObject({ action: "command.audit", environment: "prod", outcome: "queued", target: "ns=payments check=latest-image-tag" });
  });

  it("when the environment has no channel, then the result goes where the command was typed", async () => {
    const out = await run(U.viewer, "audit lab");
    expect(deps.queue.enqueued[0]?.payload["channel"]).toBe("C0ASKED");
    expect(textOf(out.reply.blocks)).toContain("The result will be posted here.");
  });

  it("when the same audit is asked twice, then the second reply says it is already queued and where it will appear", async () => {
    await run(U.viewer, "audit prod");
    const out = await run(U.operator, "audit prod");
    expect(deps.queue.enqueued.map((e) => e.coalesced)).toEqual([false, true]);
    expect(textOf(out.reply.blocks)).toContain("The same audit of prod is already queued (job job-1); nothing new was queued. Its result will appear in <#C0PROD>.");
    expect((await trail())[0]).toMatchObject({ outcome: "queued", details: { coalesced: true, jobId: "job-1" } });
  });

  it("when a check id is unknown, then nothing is queued and the closest id is suggested", async () => {
    const out = await run(U.viewer, "audit prod check=latest-image-tga");
    expect(out.reply.text).toContain("Did you mean /harden audit prod check=latest-image-tag?");
    expect(deps.queue.enqueued).toEqual([]);
  });

  it("when Redis is unavailable, then the reply says to try again and the trail records the failure", async () => {
    deps.queue.unavailable = true;
    const out = await run(U.viewer, "audit prod");
    expect(out.reply.text).toBe("The job queue is unavailable right now; nothing was queued. Try again in a minute.");
    expect((await trail())[0]).toMatchObject({ action: "command.audit", outcome: "failed", details: { reason: "queue unavailable" } });
  });
});

describe("verbs whose jobs come later", () => {
  it("when the scan kind is not registered, then scan says so honestly and queues nothing", async () => {
    const out = await run(U.viewer, "scan nginx:1.27");
    expect(out.reply.text).toBe("Image scans are not available in this version yet; nothing was queued.");
    expect(deps.queue.enqueued).toEqual([]);
    expect((await trail())[0]).toMatchObject({ action: "command.scan", outcome: "failed" });
  });

  it("when the scan kind is registered, then an image scan is queued for the image and an environment scan for the environment", async () => {
    deps.jobKinds = new Set(["scan"]);
    await run(U.viewer, "scan ghcr.io/acme/api:2.1");
    await run(U.viewer, "scan staging");
    expect(deps.queue.enqueued.map((e) => e.payload)).toEqual([
      { image: "ghcr.io/acme/api:2.1", channel: "C0ASKED", requestedBy: U.viewer },
      { environment: "staging", channel: "C0STAGING", requestedBy: U.viewer },
    ]);
  });

  it("when an operator asks to rotate and the rotation kind is missing, then it says so", async () => {
    const out = await run(U.operator, "rotate prod payments/db-password");
    expect(out.reply.text).toBe("Secret rotations are not available in this version yet; nothing was queued.");
  });

  it("when rotations and metrics are asked for, then they parse, check the role and say they are not available", async () => {
    expect((await run(U.viewer, "rotations prod")).reply.text).toContain("not available in this version yet");
    expect((await run(U.viewer, "metrics prod node-pressure")).reply.text).toContain("not available in this version yet");
    expect((await run(U.nobody, "metrics prod")).reply.text).toContain("it takes the viewer role");
  });
});

describe("digest and schedules", () => {
  it("when a viewer asks for the digest, then a digest job is queued for the environment's channel", async () => {
    const out = await run(U.viewer, "digest staging");
    expect(deps.queue.enqueued[0]).toMatchObject({ kind: "digest", payload: { environment: "staging", channel: "C0STAGING" } });
    expect(out.reply.text).toBe("Queued: Digest of staging");
  });

  it("when an operator adds, lists and removes a schedule, then the queue's scheduler and the store follow", async () => {
    const add = await run(U.operator, 'schedule add prod-morning prod digest "0 8 * * 1-5" Europe/Paris');
    expect(add.reply.text).toContain("Scheduled `prod-morning`");
    expect(deps.scheduler.schedules.get("prod-morning")).toEqual({
      id: "prod-morning",
      kind: "digest",
      cron: "0 8 * * 1-5",
      timezone: "Europe/Paris",
      payload: { environment: "prod", scheduleId: "prod-morning", channel: "C0PROD", requestedBy: "schedule:prod-morning" },
    });
    expect(await deps.schedules.list()).toMatchObject([{ id: "prod-morning", source: "slack", createdBy: U.operator }]);

    const list = await run(U.viewer, "schedule list");
    expect(textOf(list.reply.blocks)).toContain("prod-morning");

    const remove = await run(U.operator, "schedule remove prod-morning");
    expect(remove.reply.text).toContain("Removed schedule prod-morning");
    expect(deps.scheduler.schedules.size).toBe(0);
    expect(await deps.schedules.list()).toEqual([]);
  });

  it("when the queue is down while adding a schedule, then nothing is stored and the reply says to try again", async () => {
    deps.scheduler.unavailable = true;
    const out = await run(U.operator, 'schedule add nightly prod audit "0 2 * * *"');
    expect(out.reply.text).toContain("Try again in a minute.");
    expect(await deps.schedules.list()).toEqual([]);
  });

  it("when a schedule comes from the config file, then Slack cannot replace or remove it", async () => {
    deps.config = { ...deps.config, schedules: [{ id: "prod-nightly", environment: "prod", kind: "audit", cron: "0 2 * * *", timezone: "UTC" }] };
    expect((await run(U.operator, 'schedule add prod-nightly prod audit "0 3 * * *"')).reply.text).toContain("comes from the harden config file");
    expect((await run(U.operator, "schedule remove prod-nightly")).reply.text).toContain("comes from the harden config file");
    expect(deps.scheduler.schedules.size).toBe(0);
  });

  it("when a viewer tries to add a schedule, then it is refused", async () => {
    const out = await run(U.viewer, 'schedule add nightly prod audit "0 2 * * *"');
    expect(out.reply.text).toContain("it takes the operator role");
  });
});

describe("waive", () => {
  const resource = { kind: "Deployment", namespace: "shop", name: "web", container: "app" };
  const finding = failing("allow-privilege-escalation", resource);

  it("when an operator asks for a waiver, then an approval request is stored and posted after the ack", async () => {
    await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    const out = await run(U.operator, `waive ${finding.fingerprint} 30 vendor image, fix due in July`);
    expect(out.reply.text).toContain("Asked for approval to waive allow-privilege-escalation");
    expect(deps.notifier.posts).toEqual([]);
    await out.afterAck?.();
    expect(deps.notifier.posts).toHaveLength(1);
    expect(deps.notifier.posts[0]?.channel).toBe("C0PROD");
    const pending = await deps.approvals.listPending("prod", deps.clock());
    expect(pending).toMatchObject([{ kind: "waiver", requestedBy: U.operator, payload: { days: 30, reason: "vendor image, fix due in July" }, messageTs: deps.notifier.posts[0]?.ts }]);
    const oldestFirst = (await trail()).map((r) => `${r.action}:${r.outcome}`).reverse();
    expect(oldestFirst).toEqual(["command.waive:ok", "approval.request:ok"]);
  });

  it("when the fingerprint is in no latest run, then nothing is requested", async () => {
    const out = await run(U.operator, "waive 0123456789abcdef 30 some reason");
    expect(out.reply.text).toContain("No finding");
    expect(out.afterAck).toBeUndefined();
    expect(await deps.approvals.listPending(undefined, deps.clock())).toEqual([]);
  });

  it("when a reason quotes secrets, then neither the replies, the approval message nor the trail carry them", async () => {
    await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    const secrets = ["hunter2-Sup3rSecret", "xoxb-1234567890-abcdefghijkl", "AKIAIOSFODNN7EXAMPLE", "dGhpcy1pcy1hLXZlcnktbG9uZy1zZWNyZXQtdmFsdWU0Mg"];
    const out = await run(U.operator, `waive ${finding.fingerprint} 7 legacy app password=${secrets[0]} token ${secrets[1]} key ${secrets[2]} blob ${secrets[3]}`);
    await out.afterAck?.();
    const seen = textOf([out.reply, deps.notifier.posts, await trail(), await deps.approvals.listPending(undefined, deps.clock())]);
    for (const s of secrets) expect(seen).not.toContain(s);
    expect(seen).toContain("password=[redacted]");
  });

  it("when a mistyped verb carries a token, then the echo in the usage reply is redacted", async () => {
    const out = await run(U.viewer, "xoxb-1234567890-abcdefghijkl");
    expect(textOf(out.reply)).not.toContain("xoxb-1234567890-abcdefghijkl");
    expect(textOf(await trail())).not.toContain("xoxb-1234567890-abcdefghijkl");
  });
});

describe("after the ack", () => {
  it("when posting the approval message fails, then the failure is recorded and the requester told", async () => {
    const finding = failing("allow-privilege-escalation", { kind: "Deployment", namespace: "shop", name: "web", container: "app" });
    await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
    deps.notifier.failPosts = new Error("cannot post in C0PROD: not_in_channel (invite the bot with /invite @harden)");
    const out = await run(U.operator, `waive ${finding.fingerprint} 7 known issue`);
    await expect(out.afterAck?.()).resolves.toBeUndefined();
    expect(deps.notifier.ephemerals[0]?.message.text).toContain("Could not post approval request");
    expect((await trail()).some((r) => r.action === "approval.post" && r.outcome === "failed")).toBe(true);
  });
});
