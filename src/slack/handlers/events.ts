// Events API deliveries: Slack redelivers an event it thinks was missed (HTTP
// retries, Socket Mode reconnects, several replicas each holding a socket), always
// with the same event_id, so the first delivery claims the id and the others are
// dropped. Group changes reach the authorizer, so a person removed from the
// approvers group loses the role now, not when the cache would have expired; an
// opened Home tab queues its view (home.ts).
//
// Every event goes through one listener that claims the id and then routes by
// type: Bolt runs each listener's middleware chain (and each global middleware)
// for every request, slash commands included, so one listener per event type and
// a global dedup middleware were paid on every command.
import type { App, types } from "@slack/bolt";
import type { Authorizer } from "../../app/authorize.js";
import type { DedupStore } from "../receivers/dedup-store.js";
import { homeOpened, type HomeDeps } from "./home.js";

/** Slack retries for about five minutes; an hour is plenty of margin. */
const EVENT_TTL_MS = 60 * 60_000;

export interface EventDeps {
  dedup: DedupStore;
  authorizer: Pick<Authorizer, "invalidate">;
  home: HomeDeps;
}

type EventHandler = (event: { type: string }, deps: EventDeps) => Promise<void> | void;

/** The event types harden subscribes to (see the app manifest), and what each does. */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  app_home_opened: (event, deps) => homeOpened(event as types.AppHomeOpenedEvent, deps.home),
  subteam_members_changed: (event, deps) => deps.authorizer.invalidate((event as types.SubteamMembersChangedEvent).subteam_id),
  subteam_updated: (event, deps) => {
    const id = ((event as types.SubteamUpdatedEvent).subteam as { id?: unknown } | undefined)?.id;
    deps.authorizer.invalidate(typeof id === "string" ? id : undefined);
  },
};

export function registerEvents(app: App, deps: EventDeps): void {
  // Event types are plain words, safe in a pattern as they are.
  const types = new RegExp(`^(?:${Object.keys(EVENT_HANDLERS).join("|")})$`);
  app.event(types, async ({ event, body }) => {
    if (typeof body.event_id === "string" && (await deps.dedup.claim(`event:${body.event_id}`, EVENT_TTL_MS)) === "seen") return;
    await EVENT_HANDLERS[event.type]?.(event, deps);
  });
}
