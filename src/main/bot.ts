// `harden bot`: the Slack listener and the schedule sync, without workers: run workers apart with `harden worker`.
import { JOB_DEFINITIONS } from "../../jobs/index.js";
import { runProcess } from "./run-process.js";

export function botCommand(opts: { config?: string }): Promise<number> {
  return runProcess({ role: "bot", definitions: JOB_DEFINITIONS, ...(opts.config ? { config: opts.config } : {}) });
}
