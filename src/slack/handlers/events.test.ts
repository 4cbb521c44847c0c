import { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { FakeQueue } from "../../../test/support/fakes.js";
import { DirectReceiver, quietBoltLogger as quiet } from "../../../test/fakes/slack/direct-receiver.js";
import { eventCallback } from "../../../test/fakes/slack/signing.js";
import { createMemoryDedup } from "../receivers/dedup-store.js";
import { registerEvents } from "./events.js";
import { APP_HOME_KIND } from "./home.js";

function setup() {
  const receiver = new DirectReceiver();
  const app = new App({ token: "xoxb-test", botId: "B0", botUserId: "U0", receiver, logger: quiet });
  const invalidated: Array<string | undefined> = [];
  const queue = new FakeQueue();
  registerEvents(app, {
    dedup: createMemoryDedup(),
    authorizer: { invalidate: (id) => invalidated.push(id) },
    home: { queue, log: { warn: () => {}, error: () => {} } },
  });
  return { receiver, invalidated, queue };
}

describe("event handling", () => {
  it("when Slack delivers the same event_id again, then the handler runs once", async () => {
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

  it("when someone opens the Home tab, then its view is queued once per delivery, and the Messages tab queues nothing", async () => {
    const { receiver, queue } = setup();
    const home = eventCallback({ type: "app_home_opened", user: "U0VIEWER1", channel: "D0HOME", tab: "home" }, { eventId: "Ev04" });
    await receiver.deliver(home);
    await receiver.deliver(home, 1);
    await receiver.deliver(eventCallback({ type: "app_home_opened", user: "U0VIEWER1", channel: "D0HOME", tab: "messages" }, { eventId: "Ev05" }));
    expect(queue.enqueued.map((j) => [j.kind, j.payload])).toEqual([[APP_HOME_KIND, { userId: "U0VIEWER1" }]]);
  });

  it("when an event harden does not handle arrives, then nothing runs", async () => {
    const { receiver, invalidated, queue } = setup();
    await receiver.deliver(eventCallback({ type: "subteam_created", subteam: { id: "S0C" } }, { eventId: "Ev06" }));
    // Handlers are looked up in a table: names every object inherits are not in it.
    for (const [i, inherited] of ["constructor", "toString", "hasOwnProperty"].entries())
      await receiver.deliver(eventCallback({ type: inherited, subteam: { id: "S0C" } }, { eventId: `Ev07${i}` }));
    expect(invalidated).toEqual([]);
    expect(queue.enqueued).toEqual([]);
  });
});
