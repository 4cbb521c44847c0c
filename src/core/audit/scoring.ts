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

/**
 * Running weighted tallies, so the engine can score a million results without
 * keeping the passing ones around.
 */
export class ScoreTally {
  private readonly passed = new Map<Category, number>();
  private readonly total = new Map<Category, number>();
  readonly counts: Record<FindingStatus, number> = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, waived: 0 };

  add(item: Scored, times = 1): void {
    if (times === 0) return;
    this.counts[item.status] += times;
    if (item.status !== "pass" && item.status !== "fail") return;
    const w = SEVERITY_WEIGHTS[item.severity] * times;
    this.total.set(item.category, (this.total.get(item.category) ?? 0) + w);
    if (item.status === "pass") this.passed.set(item.category, (this.passed.get(item.category) ?? 0) + w);
  }

  score(): PostureScore {
    const share = (passed: number, total: number) => (total === 0 ? null : Math.round((100 * passed) / total));
    const byCategory = {} as Record<Category, number | null>;
    let passed = 0;
    let total = 0;
    for (const c of CATEGORIES) {
      const p = this.passed.get(c) ?? 0;
      const t = this.total.get(c) ?? 0;
      byCategory[c] = share(p, t);
      passed += p;
      total += t;
    }
    const overall = share(passed, total);
    const n = this.counts;
    const explanation =
      `score ${overall ?? "n/a"}/100 = severity-weighted share of passing results ` +
      `(critical x10, high x5, medium x3, low x1) over ${n.pass + n.fail} evaluated; ` +
      `${n.unknown} unknown, ${n.not_applicable} not applicable and ${n.waived} waived excluded`;
    return { overall, byCategory, explanation };
  }
}

export function scorePosture(items: readonly Scored[]): PostureScore {
  const tally = new ScoreTally();
  for (const i of items) tally.add(i);
  return tally.score();
}
