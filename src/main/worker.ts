// `harden worker`: job workers only, on the same Redis as the bot: scale them out across machines.
import { JOB_DEFINITIONS } from "../../jobs/index.js";
import { runProcess } from "./run-process.js";

export function workerCommand(opts: { config?: string }): Promise<number> {
  return runProcess({ role: "worker", definitions: JOB_DEFINITIONS, ...(opts.config ? { config: opts.config } : {}) });
}
