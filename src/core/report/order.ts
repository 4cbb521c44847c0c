import type { Finding } from "../audit/engine.js";
import { SEVERITIES } from "../checks/types.js";

const STATUS_ORDER = ["fail", "unknown", "waived", "not_applicable", "pass"];

/** Worst first: status, then severity, then namespace/kind/name for a stable reading order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    (a.resource.namespace ?? "").localeCompare(b.resource.namespace ?? "") ||
    a.resource.kind.localeCompare(b.resource.kind) ||
    a.resource.name.localeCompare(b.resource.name) ||
    a.checkId.localeCompare(b.checkId)
  );
}

export function resourceLabel(f: Pick<Finding, "resource">): string {
  const r = f.resource;
  return `${r.kind}/${r.namespace ? `${r.namespace}/` : ""}${r.name}${r.container ? ` [${r.container}]` : ""}`;
}
