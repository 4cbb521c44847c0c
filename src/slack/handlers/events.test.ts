import { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { DirectReceiver, quietBoltLogger as quiet } from "../../../test/fakes/slack/direct-receiver.js";
import { eventCallback } from "../../../test/fakes/slack/signing.js";
import { createMemoryDedup } from "../receivers/dedup-store.js";
import { registerEventDedup, registerGroupEvents } from "./events.js";

function setup() {
  const receiver = new DirectReceiver();
  const app = new App({ token: "xoxb-test", botId: "B0", botUserId: "U0", receiver, logger: quiet });
  registerEventDedup(app, createMemoryDedup());
  const invalidated: Array<string | undefined> = [];
  registerGroupEvents(app, { invalidate: (id) => invalidated.push(id) });
  return { receiver, invalidated };
}

describe("event handling", () => {
  it("when Slack delivers the same event_id again, then the listener runs once", async () => {
    const { receiver, invalidated } = setup();
    const body = eventCallback({ type: "subteam_members_changed", subteam_id: "S0SECLEADS" }, { eventId: "Ev01" });
    await receiver.deliver(body);
    await receiver.deliver(body, 1);
    expect(invalidated).toEqual(["S0SECLEADS"]);
  });

  it("when two different events arrive, then both run, and a group update forgets that group's members", async () => {
    const { receiver, invalidated } = setup();
    await receiver.deliver(eventCallback({ type: "subteam_members_changed", subteam_id: "S0A" }, { eventId: "Ev02" }));
    await receiver.deliver(eventCallback({ type: "subteam_updated", subteam: { id: "S0B" } }, { eventId: "Ev03" }));
    expect(invalidated).toEqual(["S0A", "S0B"]);
  });
});
