// Posture score: the severity-weighted share of evaluated results that pass.
// Unknown and not-applicable results are excluded (we cannot judge them) and
// waived ones too (accepted risk is neither credit nor penalty).
import { CATEGORIES, type Category, type FindingStatus, type Severity } from "../checks/types.js";

export const SEVERITY_WEIGHTS: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

export interface Scored {
  status: FindingStatus;
  severity: Severity;
  category: Category;
}

export interface PostureScore {
  overall: number | null;
  byCategory: Record<Category, number | null>;
  explanation: string;
}

function share(items: readonly Scored[]): number | null {
  let passed = 0;
  let total = 0;
  for (const i of items) {
    if (i.status !== "pass" && i.status !== "fail") continue;
    const w = SEVERITY_WEIGHTS[i.severity];
    total += w;
    if (i.status === "pass") passed += w;
  }
  return total === 0 ? null : Math.round((100 * passed) / total);
}

export function scorePosture(items: readonly Scored[]): PostureScore {
  const byCategory = {} as Record<Category, number | null>;
  for (const c of CATEGORIES) byCategory[c] = share(items.filter((i) => i.category === c));
  const overall = share(items);
  const count = (s: FindingStatus) => items.filter((i) => i.status === s).length;
  const explanation =
    `score ${overall ?? "n/a"}/100 = severity-weighted share of passing results ` +
    `(critical x10, high x5, medium x3, low x1) over ${count("pass") + count("fail")} evaluated; ` +
    `${count("unknown")} unknown, ${count("not_applicable")} not applicable and ${count("waived")} waived excluded`;
  return { overall, byCategory, explanation };
}
