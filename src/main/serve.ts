// `harden serve`: the Slack listener, the job workers and the schedule sync, in one process: the default for small teams.
import { JOB_DEFINITIONS } from "../../jobs/index.js";
import { runProcess } from "./run-process.js";

export function serveCommand(opts: { config?: string }): Promise<number> {
  return runProcess({ role: "serve", definitions: JOB_DEFINITIONS, ...(opts.config ? { config: opts.config } : {}) });
}
