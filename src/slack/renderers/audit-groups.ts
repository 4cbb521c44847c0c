// Failing findings grouped per namespace and owner (the resource they are about,
// containers folded in), in the order people should read them: groups with new
// findings first, then the worst severity; inside a group new first, worst first.
import type { AuditReport, Finding } from "../../core/audit/engine.js";
import type { ResourceRef, Severity } from "../../core/checks/types.js";
import { compareFindings, resourcePlain, severityRank, toFindingView, type FindingLike, type FindingView } from "./format.js";

/** The diff an audit result is rendered with; null on an environment's first run. */
export interface AuditDiffInput {
  new: FindingLike[];
  fixed: FindingLike[];
  persisting: FindingLike[];
}

export interface FindingGroup {
  owner: ResourceRef;
  findings: FindingView[];
  newCount: number;
  worst: Severity;
}

export const isNewIn = (diff: AuditDiffInput | null) => {
  const fresh = new Set(diff ? diff.new.map((f) => f.fingerprint) : []);
  return (f: { fingerprint: string }) => fresh.has(f.fingerprint);
};

export function failingGroups(report: AuditReport, diff: AuditDiffInput | null): FindingGroup[] {
  const isNew = isNewIn(diff);
  const byOwner = new Map<string, FindingGroup>();
  for (const f of report.findings) {
    if (f.status !== "fail") continue;
    const owner: ResourceRef = { kind: f.resource.kind, name: f.resource.name };
    if (f.resource.namespace !== undefined) owner.namespace = f.resource.namespace;
    const key = `${owner.namespace ?? ""}\u0000${owner.kind}\u0000${owner.name}`;
    let g = byOwner.get(key);
    if (!g) {
      g = { owner, findings: [], newCount: 0, worst: f.severity };
      byOwner.set(key, g);
    }
    g.findings.push(toFindingView(f));
    if (isNew(f)) g.newCount++;
    if (severityRank(f.severity) < severityRank(g.worst)) g.worst = f.severity;
  }
  const groups = [...byOwner.values()];
  for (const g of groups) g.findings.sort((a, b) => Number(isNew(b)) - Number(isNew(a)) || compareFindings(a, b));
  return groups.sort(
    (a, b) =>
      Number(b.newCount > 0) - Number(a.newCount > 0) ||
      severityRank(a.worst) - severityRank(b.worst) ||
      b.findings.length - a.findings.length ||
      resourcePlain(a.owner).localeCompare(resourcePlain(b.owner)),
  );
}

export const byStatus = (report: AuditReport, status: Finding["status"]) => report.findings.filter((f) => f.status === status);
