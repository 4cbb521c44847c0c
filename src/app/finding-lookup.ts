// Finding a stored finding by fingerprint: in one run (a Remediate button names
// its run), or in the latest audit of each environment (`/harden waive` names only
// the fingerprint). Only the latest run counts: a finding that is gone from it is
// fixed, and waiving it would be waiving nothing.
import type { ResourceRef } from "../core/checks/types.js";
import type { HistoryRepository, RunRecord, StoredFinding } from "../ports/history.js";

export interface LocatedFinding {
  environment: string;
  run: RunRecord;
  finding: StoredFinding;
}

export async function findingInRun(history: HistoryRepository, runId: number, fingerprint: string): Promise<LocatedFinding | undefined> {
  const run = await history.getRun(runId);
  if (!run) return undefined;
  const finding = (await history.findingsOf(run.id)).find((f) => f.fingerprint === fingerprint);
  return finding ? { environment: run.environment, run, finding } : undefined;
}

/** Every environment's latest audit run is searched; the newest match wins when two environments share it. */
export async function findingInLatestRuns(
  history: HistoryRepository,
  environments: readonly string[],
  fingerprint: string,
): Promise<LocatedFinding | undefined> {
  const found = await Promise.all(
    environments.map(async (environment) => {
      const [run] = await history.listRuns({ environment, kind: "audit", limit: 1 });
      return run ? findingInRun(history, run.id, fingerprint) : undefined;
    }),
  );
  return found
    .filter((f): f is LocatedFinding => f !== undefined)
    .sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt))[0];
}

export function resourceOf(f: Pick<StoredFinding, "kind" | "namespace" | "name" | "container">): ResourceRef {
  const ref: ResourceRef = { kind: f.kind, name: f.name };
  if (f.namespace !== null) ref.namespace = f.namespace;
  if (f.container !== null) ref.container = f.container;
  return ref;
}
