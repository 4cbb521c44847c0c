// `/harden waive <finding-fingerprint> <days> <reason...>`: ask to accept a
// finding's risk for some days. It is a request: an approver decides, like a
// remediation, and only then does the waiver exist.
import { WAIVER_MAX_DAYS } from "../src/app/approval-model.js";
import { requestWaiver } from "../src/app/request-approval.js";
import { defineCommand, fail, ok } from "./define.js";

export interface WaiveArgs {
  fingerprint: string;
  days: number;
  reason: string;
}

const FINGERPRINT = /^[0-9a-f]{16}$/;
const MAX_REASON = 500;

export const waiveCommand = defineCommand<WaiveArgs>({
  verb: "waive",
  usage: "waive <finding-fingerprint> <days> <reason...>",
  description: `Ask an approver to accept a finding's risk for up to ${WAIVER_MAX_DAYS} days, with a reason.`,
  role: "operator",
  parse(args) {
    const [fingerprint, days, ...words] = args;
    if (fingerprint === undefined || !FINGERPRINT.test(fingerprint)) return fail("the first argument is the finding's fingerprint (16 hex characters, shown in audit results)");
    if (days === undefined || !/^\d+$/.test(days) || Number(days) < 1 || Number(days) > WAIVER_MAX_DAYS)
      return fail(`the second argument is the number of days, 1 to ${WAIVER_MAX_DAYS}`);
    const reason = words.join(" ").trim();
    if (reason.length < 3) return fail("say why: a waiver needs a reason");
    if (reason.length > MAX_REASON) return fail(`keep the reason under ${MAX_REASON} characters`);
    return ok({ fingerprint, days: Number(days), reason });
  },
  async execute(a, ctx, deps) {
    const outcome = await requestWaiver({ userId: ctx.userId, fingerprint: a.fingerprint, days: a.days, reason: a.reason, channelId: ctx.channelId }, deps);
    const environment = outcome.request?.environment;
    return {
      reply: outcome.reply,
      ...(outcome.afterAck ? { afterAck: outcome.afterAck } : {}),
      trail: {
        outcome: outcome.status === "requested" ? "ok" : "failed",
        ...(environment ? { environment } : {}),
        target: a.fingerprint,
        details: { days: a.days, result: outcome.status, ...(outcome.request ? { approvalId: outcome.request.id } : {}) },
      },
    };
  },
});
