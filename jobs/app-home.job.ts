// Publishes a user's App Home tab: every environment's last score and run, and its
// open approvals. Queued when the user opens the tab (app_home_opened), so the event
// handler acknowledges Slack at once and the history reads happen here.
import { z } from "zod";
import { renderAppHome, type HomeEnvironment } from "../src/slack/renderers/app-home.js";
import { defineJob, type JobContext } from "./define.js";
import type { WorkerDeps } from "./deps.js";

export const appHomePayload = z.object({ userId: z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id") });
export type AppHomePayload = z.infer<typeof appHomePayload>;

export const appHomeJob = defineJob({
  kind: "app-home",
  payload: appHomePayload,
  attempts: 2,
  backoff: { type: "fixed", delayMs: 2_000 },
  concurrency: 4,
  timeoutMs: 60_000,
  // Opening the tab again within a few seconds shows the same data.
  coalesce: { key: (p) => p.userId, ttlMs: 10_000 },
  process: (payload, ctx: JobContext<WorkerDeps>) => publishHome(payload, ctx),
});

async function publishHome(p: AppHomePayload, ctx: JobContext<WorkerDeps>): Promise<{ environments: number }> {
  const { deps } = ctx;
  const now = deps.clock();
  const names = Object.keys(deps.config.environments).sort();
  const environments: HomeEnvironment[] = await Promise.all(
    names.map(async (name) => {
      const [run] = await deps.history.listRuns({ environment: name, kind: "audit", limit: 1 });
      const pending = await deps.approvals.listPending(name, now);
      return { name, score: run?.score ?? null, lastRunAt: run?.finishedAt ?? null, openApprovals: pending.length };
    }),
  );
  // A user who left gets user_not_found from Slack, an InputError: failed at once, not retried.
  await deps.notifier.publishHome(p.userId, renderAppHome({ environments }));
  return { environments: environments.length };
}
