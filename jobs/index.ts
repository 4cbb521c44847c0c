// Every job kind harden runs, listed explicitly: the bot enqueues with these
// definitions and the workers run them. `index.test.ts` fails when a `*.job.ts`
// file exists that is not listed here, or when two definitions share a kind.
import { appHomeJob } from "./app-home.job.js";
import { auditJob } from "./audit.job.js";
import type { JobPayloads } from "./define.js";
import { digestJob } from "./digest.job.js";
import { remediationJob } from "./remediation.job.js";

export const JOB_DEFINITIONS = [auditJob, digestJob, remediationJob, appHomeJob] as const;

/** `{ kind: payload }`, to type the queue: `createBullJobQueue<typeof JOB_DEFINITIONS>`. */
export type HardenJobPayloads = JobPayloads<typeof JOB_DEFINITIONS>;

/** What commands and approvals check before promising a job ("image scans are not available yet"). */
export const JOB_KINDS: ReadonlySet<string> = new Set(JOB_DEFINITIONS.map((d) => d.kind));

export { appHomeJob, auditJob, digestJob, remediationJob };
export type { WorkerDeps } from "./deps.js";
