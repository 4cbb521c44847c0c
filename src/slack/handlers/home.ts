// The Home tab: opening it queues an `app-home` job that reads each environment's
// latest run and open approvals and publishes the view. Bolt has already acked the
// event; queueing keeps database reads and views.publish off the request, and the
// job's coalescing turns someone flicking between tabs into one publish.
import type { types } from "@slack/bolt";
import type { JobQueue } from "../../ports/job-queue.js";
import type { HandlerLogger } from "./command.js";

export const APP_HOME_KIND = "app-home";

export interface HomeDeps {
  queue: Pick<JobQueue, "enqueue">;
  log: HandlerLogger;
}

/** `app_home_opened`, as the event middleware (events.ts) hands it over. */
export async function homeOpened(event: Pick<types.AppHomeOpenedEvent, "tab" | "user">, deps: HomeDeps): Promise<void> {
  if (event.tab !== "home") return;
  try {
    await deps.queue.enqueue(APP_HOME_KIND, { userId: event.user }, { requestedBy: event.user });
  } catch (err) {
    // The next opening of the tab tries again; nobody is waiting on an answer.
    deps.log.warn({ err: err instanceof Error ? err.name : "unknown" }, "could not queue the Home tab");
  }
}
