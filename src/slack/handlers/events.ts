// Events API deliveries: Slack redelivers an event it thinks was missed (HTTP
// retries, Socket Mode reconnects, several replicas each holding a socket), always
// with the same event_id, so the first delivery claims the id and the others are
// dropped. Group changes reach the authorizer, so a person removed from the
// approvers group loses the role now, not when the cache would have expired; an
// opened Home tab queues its view (home.ts).
//
// Every event goes through one middleware that claims the id and then routes by type.
import type { App, types } from "@slack/bolt";
import type { Authorizer } from "../../app/authorize.js";
import type { DedupStore } from "../receivers/dedup-store.js";
import { homeOpened, type HomeDeps } from "./home.js";

/** Slack retries for about five minutes; an hour is plenty of margin. */
export const EVENT_TTL_MS = 60 * 60_000;

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
  // A global middleware, not app.event: see routing in ../app.ts.
  app.use(async (args) => {
    if (!("event" in args) || args.body.type !== "event_callback" || !Object.hasOwn(EVENT_HANDLERS, args.event.type)) return args.next();
    const { event, body } = args;
    if (typeof body.event_id === "string" && (await deps.dedup.claim(`event:${body.event_id}`, EVENT_TTL_MS)) === "seen") return;
    await EVENT_HANDLERS[event.type]!(event, deps);
  });
}
