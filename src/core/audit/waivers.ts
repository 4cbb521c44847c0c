// Waivers (exceptions) keep a finding visible but mark it accepted, scoped as tightly
// as the site wants: check x namespace x object name or label selector x container,
// always with a reason, an owner and an expiry.
import type { LabelSelector } from "../snapshot/k8s-types.js";
import { matchesSelector, parseSelectorString } from "../snapshot/labels.js";
import type { ResourceRef } from "../checks/types.js";

export interface Waiver {
  id: string;
  /** A check id, or "*" for every check. */
  checkId: string;
  namespace?: string;
  /** Object name; `*` globs allowed (`redis-*`). */
  name?: string;
  kind?: string;
  /** Label selector string (`app=web,tier!=db`) matched against the object's labels. */
  selector?: string;
  container?: string;
  /** Pins a waiver to one finding (from `/harden waive <fingerprint>`). */
  fingerprint?: string;
  reason: string;
  owner: string;
  expiresAt: string;
  source: "config" | "database";
}

export interface WaiverMatchInput {
  checkId: string;
  fingerprint: string;
  resource: ResourceRef;
  labels: Record<string, string> | undefined;
}

function glob(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return re.test(value);
}

export interface WaiverMatcher {
  /** No active waiver: callers may skip building match inputs at all. */
  readonly empty: boolean;
  /** Some active waiver has a label selector, so inputs need the object's labels. */
  readonly needsLabels: boolean;
  match(input: WaiverMatchInput): Waiver | undefined;
  /** Waivers past their expiry: reported, never applied. */
  expired: Waiver[];
}

export function createWaiverMatcher(waivers: readonly Waiver[], now: Date): WaiverMatcher {
  const active: { waiver: Waiver; selector?: LabelSelector }[] = [];
  const expired: Waiver[] = [];
  for (const w of waivers) {
    if (Date.parse(w.expiresAt) <= now.getTime()) expired.push(w);
    else active.push({ waiver: w, ...(w.selector ? { selector: parseSelectorString(w.selector) } : {}) });
  }
  return {
    expired,
    empty: active.length === 0,
    needsLabels: active.some((a) => a.selector !== undefined),
    match(input) {
      for (const { waiver: w, selector } of active) {
        if (w.fingerprint && w.fingerprint !== input.fingerprint) continue;
        if (w.checkId !== "*" && w.checkId !== input.checkId) continue;
        if (w.namespace && !glob(w.namespace, input.resource.namespace ?? "")) continue;
        if (w.kind && w.kind !== input.resource.kind) continue;
        if (w.name && !glob(w.name, input.resource.name)) continue;
        if (w.container && w.container !== input.resource.container) continue;
        if (selector && !matchesSelector(input.labels, selector)) continue;
        return w;
      }
      return undefined;
    },
  };
}
