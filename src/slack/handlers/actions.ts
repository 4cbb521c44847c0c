// Button clicks. Each is acked at once (Slack needs nothing but the ack), then
// handed to its use case, which checks the clicker's role again: a button is only
// ever a request, whoever can see the message can click it. The answer goes back
// through the interaction's response_url (ephemeral, to the clicker alone), which
// is not a Web API call and so never waits behind a rate-limited channel.
import { performance } from "node:perf_hooks";
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { ApprovalDeps, ApprovalOutcome } from "../../app/approval-shared.js";
import { decideApproval } from "../../app/decide-approval.js";
import { requestRemediation } from "../../app/request-approval.js";
import type { ChatMessage } from "../../ports/notifier.js";
import { ephemeral, receivedAtOf, type HandlerLogger, type HandlerMetrics } from "./command.js";

export interface ActionHandlerDeps {
  approvals: ApprovalDeps;
  metrics: Pick<HandlerMetrics, "ackLatency">;
  log: HandlerLogger;
}

/** `<runId>:<fingerprint>`, as the audit card's Remediate button carries it. */
const REMEDIATE_VALUE = /^(\d{1,15}):([0-9a-f]{8,64})$/;
/** Approval ids are "apr_" + 20 hex characters; anything else cannot be one. */
const APPROVAL_ID = /^apr_[0-9a-f]{8,64}$/;

export function parseRemediateValue(value: string | undefined): { runId: number; fingerprint: string } | undefined {
  const m = value === undefined ? null : REMEDIATE_VALUE.exec(value);
  return m ? { runId: Number(m[1]), fingerprint: m[2]! } : undefined;
}

export const isApprovalId = (value: string | undefined): value is string => value !== undefined && APPROVAL_ID.test(value);

const INVALID: ChatMessage = { text: ":grey_question: This button does not name anything harden knows; nothing was done." };
const FAILED: ChatMessage = { text: ":x: Something went wrong handling this click; nothing may have been done. Try again in a minute." };

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ButtonUseCase = (args: ButtonArgs, approvals: ApprovalDeps) => Promise<ApprovalOutcome | ChatMessage>;

function decide(decision: "approved" | "rejected"): ButtonUseCase {
  return async ({ action, body }, approvals) => {
    if (!isApprovalId(action.value)) return INVALID;
    return decideApproval({ userId: body.user.id, requestId: action.value, decision }, approvals);
  };
}

/** Every button harden puts in a message, by action_id, and the use case it asks for. */
export const BUTTONS: Readonly<Record<string, ButtonUseCase>> = {
  remediate: async ({ action, body }, approvals) => {
    const target = parseRemediateValue(action.value);
    if (!target) return INVALID;
    return requestRemediation({ userId: body.user.id, ...target, ...(body.channel?.id ? { channelId: body.channel.id } : {}) }, approvals);
  },
  approval_approve: decide("approved"),
  approval_reject: decide("rejected"),
};

export function registerActions(app: App, deps: ActionHandlerDeps): void {
  async function answer(respond: RespondFn, message: ChatMessage): Promise<void> {
    try {
      await respond({ ...ephemeral(message), replace_original: false });
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.name : "unknown" }, "could not answer a button click");
    }
  }

  /** Ack, run the use case, answer, then its follow-up (message updates) after the answer. */
  // A global middleware for every button, not app.action: see routing in ../app.ts.
  app.use(async (request) => {
    if (!("action" in request) || request.body.type !== "block_actions") return request.next();
    const args = request as unknown as ButtonArgs;
    if (!Object.hasOwn(BUTTONS, args.action.action_id)) return request.next();
    await args.ack();
    deps.metrics.ackLatency("action", performance.now() - receivedAtOf(args.context));
    const actionId = args.action.action_id;
    let result: ApprovalOutcome | ChatMessage;
    try {
      result = await BUTTONS[actionId]!(args, deps.approvals);
    } catch (err) {
      deps.log.error({ action: actionId, err: err instanceof Error ? err.name : "unknown" }, "a button click failed");
      await answer(args.respond, FAILED);
      return;
    }
    if (!("reply" in result)) return answer(args.respond, result);
    await answer(args.respond, result.reply);
    if (!result.afterAck) return;
    try {
      await result.afterAck();
    } catch (err) {
      deps.log.error({ action: actionId, err: err instanceof Error ? err.name : "unknown" }, "a button click's follow-up failed");
    }
  });
}
