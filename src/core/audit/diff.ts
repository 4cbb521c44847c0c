// What changed between two runs of the same environment, by finding fingerprint.
// Only failing findings count as open; a waived finding is no longer open, and a
// finding whose object disappeared is fixed (the risk is gone).

export interface DiffableFinding {
  fingerprint: string;
  status: string;
}

export interface FindingDiff<T extends DiffableFinding> {
  new: T[];
  fixed: T[];
  persisting: T[];
}

const isOpen = (f: DiffableFinding) => f.status === "fail";

export function diffFindings<T extends DiffableFinding>(before: readonly T[], after: readonly T[]): FindingDiff<T> {
  const openBefore = new Map(before.filter(isOpen).map((f) => [f.fingerprint, f]));
  const openAfter = new Map(after.filter(isOpen).map((f) => [f.fingerprint, f]));
  const result: FindingDiff<T> = { new: [], fixed: [], persisting: [] };
  for (const [fp, f] of openAfter) (openBefore.has(fp) ? result.persisting : result.new).push(f);
  for (const [fp, f] of openBefore) if (!openAfter.has(fp)) result.fixed.push(f);
  return result;
}
