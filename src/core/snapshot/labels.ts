import type { LabelSelector } from "./k8s-types.js";

/** Kubernetes label-selector semantics; an empty selector matches everything. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: LabelSelector | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  // for-in rather than Object.entries: this runs per candidate workload of every
  // selector, and selectors come from JSON (no inherited enumerable keys).
  const matchLabels = selector.matchLabels;
  for (const k in matchLabels) {
    if (l[k] !== matchLabels[k]) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const value = l[req.key];
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
        if (!has || !values.includes(value as string)) return false;
        break;
      case "NotIn":
        if (has && values.includes(value as string)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        // An operator we do not know cannot be proven to match.
        return false;
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !selector || (!hasKeys(selector.matchLabels) && (selector.matchExpressions ?? []).length === 0);
}

/** `Object.keys(x ?? {}).length > 0` without building the list. */
function hasKeys(x: object | null | undefined): boolean {
  for (const _ in x) return true;
  return false;
}

/** Parses `app=web,tier!=db,env in (a,b),!legacy` style selectors used in waivers and config. */
export function parseSelectorString(text: string): LabelSelector {
  const selector: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  const parts = text.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/i))) {
      selector.matchExpressions.push({
        key: m[1]!,
        operator: m[2]!.toLowerCase() === "in" ? "In" : "NotIn",
        values: m[3]!.split(",").map((v) => v.trim()).filter(Boolean),
      });
    } else if ((m = part.match(/^([\w./-]+)\s*!=\s*([\w./-]*)$/))) {
      selector.matchExpressions.push({ key: m[1]!, operator: "NotIn", values: [m[2]!] });
    } else if ((m = part.match(/^([\w./-]+)\s*==?\s*([\w./-]*)$/))) {
      selector.matchLabels[m[1]!] = m[2]!;
    } else if ((m = part.match(/^!([\w./-]+)$/))) {
      selector.matchExpressions.push({ key: m[1]!, operator: "DoesNotExist" });
    } else if ((m = part.match(/^([\w./-]+)$/))) {
      selector.matchExpressions.push({ key: m[1]!, operator: "Exists" });
    } else {
      throw new Error(`cannot parse label selector part "${part}"`);
    }
  }
  return selector;
}
