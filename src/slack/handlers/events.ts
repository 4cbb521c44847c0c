// Events API deliveries: Slack redelivers an event it thinks was missed (HTTP
// retries, Socket Mode reconnects, several replicas each holding a socket), always
// with the same event_id, so the first delivery claims the id and the others are
// dropped. And group changes reach the authorizer, so a person removed from the
// approvers group loses the role now, not when the cache would have expired.
import type { App } from "@slack/bolt";
import type { Authorizer } from "../../app/authorize.js";
import type { DedupStore } from "../receivers/dedup-store.js";

/** Slack retries for about five minutes; an hour is plenty of margin. */
const EVENT_TTL_MS = 60 * 60_000;

export function registerEventDedup(app: App, dedup: DedupStore): void {
  app.use(async ({ body, next }) => {
    const b = body as { type?: unknown; event_id?: unknown };
    if (b.type === "event_callback" && typeof b.event_id === "string") {
      if ((await dedup.claim(`event:${b.event_id}`, EVENT_TTL_MS)) === "seen") return;
    }
    await next();
  });
}

export function registerGroupEvents(app: App, authorizer: Pick<Authorizer, "invalidate">): void {
  app.event("subteam_members_changed", async ({ event }) => {
    authorizer.invalidate(event.subteam_id);
  });
  app.event("subteam_updated", async ({ event }) => {
    const id = (event.subteam as { id?: unknown } | undefined)?.id;
    authorizer.invalidate(typeof id === "string" ? id : undefined);
  });
}
