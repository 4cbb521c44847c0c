import { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach } from "../../../test/support/cleanups.js";
import { U, failing, saveAuditRun, testDeps } from "../../../test/support/fakes.js";
import { DirectReceiver, quietBoltLogger as quiet } from "../../../test/fakes/slack/direct-receiver.js";
import { blockActionsPayload } from "../../../test/fakes/slack/signing.js";
import { startFakeSlackWebApi } from "../../../test/fakes/slack/web-api.js";
import { requestWaiver } from "../../app/request-approval.js";
import { isApprovalId, parseRemediateValue, registerActions } from "./actions.js";

describe("button values", () => {
  it("when a Remediate value is <runId>:<fingerprint>, then both parts are read", () => {
    expect(parseRemediateValue("42:0123456789abcdef")).toEqual({ runId: 42, fingerprint: "0123456789abcdef" });
  });

  it("when a Remediate value is anything else, then it names nothing", () => {
    for (const v of [undefined, "", "42", "x:0123456789abcdef", "42:XYZ", "42:0123456789abcdef:extra", "-1:0123456789abcdef", `${"9".repeat(20)}:0123456789abcdef`]) {
      expect(parseRemediateValue(v)).toBeUndefined();
    }
  });

  it("when an approval id is checked, then only apr_ and hex pass", () => {
    expect(isApprovalId("apr_0123456789abcdef0123")).toBe(true);
    for (const v of [undefined, "", "apr_", "apr_XYZ", "123", "apr_0123'; drop table x"]) expect(isApprovalId(v)).toBe(false);
  });
});

describe("the button handler", () => {
  const cleanups = cleanupAfterEach();

  async function setup() {
    const deps = await testDeps();
    const api = await startFakeSlackWebApi();
    cleanups.push(() => deps.store.close(), () => api.close());
    const receiver = new DirectReceiver();
    const app = new App({ token: "xoxb-test", botId: "B0", botUserId: "U0", receiver, logger: quiet });
    registerActions(app, { approvals: deps, metrics: { ackLatency: () => {} }, log: { warn: () => {}, error: () => {} } });
    /** One click; whether it was acked and what the clicker was told through response_url. */
    async function click(actionId: string, value: string, userId: string = U.approver) {
      let acked = false;
      const before = api.callsTo("response_url").length;
      await receiver.app!.processEvent({
        body: blockActionsPayload({ actionId, value, userId, responseUrl: api.responseUrl(actionId) }),
        ack: async () => {
          acked = true;
        },
      });
      return { acked, answer: api.callsTo("response_url").slice(before).map((c) => String(c.args["text"])) };
    }
    return { deps, click };
  }

  it("when each of harden's buttons carries a value that names nothing, then each is acked and its use case answers the clicker", async () => {
    const { click } = await setup();
    for (const [actionId, value] of [
      ["remediate", "not-a-run"],
      ["approval_approve", "apr_; DROP TABLE approvals"],
      ["approval_reject", "123"],
    ]) {
      expect(await click(actionId!, value!)).toEqual({ acked: true, answer: [expect.stringMatching(/does not name anything harden knows/)] });
    }
  });

  it("when approve and reject are clicked on pending requests, then each decides its own request", async () => {
    const { deps, click } = await setup();
    let made = 0;
    const pending = async () => {
      const finding = failing("allow-privilege-escalation", { kind: "Deployment", namespace: "shop", name: `web-${++made}`, container: "app" });
      await saveAuditRun(deps, "prod", [finding], "2025-06-01T00:00:00.000Z");
      const asked = await requestWaiver({ userId: U.operator, fingerprint: finding.fingerprint, days: 14, reason: "vendor image" }, deps);
      return asked.request!.id;
    };
    const [approved, rejected] = [await pending(), await pending()];
    expect((await click("approval_approve", approved)).acked).toBe(true);
    expect((await click("approval_reject", rejected)).acked).toBe(true);
    // An approved waiver is recorded at once.
    expect((await deps.approvals.get(approved))?.status).toBe("executed");
    expect((await deps.approvals.get(rejected))?.status).toBe("rejected");
  });

  it("when a button harden does not know is clicked, then this handler neither acks nor answers it", async () => {
    const { click } = await setup();
    expect(await click("something_else", "apr_0123456789abcdef0123")).toEqual({ acked: false, answer: [] });
    // Buttons are looked up in a table: names every object inherits are not in it.
    for (const inherited of ["constructor", "toString", "__proto__"]) expect(await click(inherited, "apr_0123456789abcdef0123")).toEqual({ acked: false, answer: [] });
  });
});
