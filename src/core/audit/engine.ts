// Runs a catalog of checks over one snapshot and turns their results into findings:
// visibility gaps become `unknown`, waivers become `waived`, and every finding gets
// a stable fingerprint. Pure: no I/O, the clock is passed in.
import type { CheckContext, CheckDefinition, CheckResult, FindingStatus, References, ResourceRef } from "../checks/types.js";
import type { Category, ResultStatus, Severity } from "../checks/types.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../checks/settings.js";
import { indexSnapshot } from "../snapshot/index.js";
import { detectPlatform, type PlatformInfo } from "../snapshot/platform.js";
import type { ClusterSnapshot } from "../snapshot/types.js";
import { findingFingerprint } from "./fingerprint.js";
import { ScoreTally } from "./scoring.js";
import { createWaiverMatcher, type Waiver } from "./waivers.js";

export interface Finding {
  fingerprint: string;
  checkId: string;
  title: string;
  severity: Severity;
  category: Category;
  status: FindingStatus;
  resource: ResourceRef;
  message: string;
  references: References;
  remediation: string;
  /** A patch generator exists for this check and produced a patch for this result. */
  fixable: boolean;
  waiver?: { id: string; reason: string; owner: string; expiresAt: string };
}

export type StatusCounts = Record<FindingStatus, number>;

export interface AuditReport {
  schemaVersion: 1;
  environment: string;
  startedAt: string;
  finishedAt: string;
  source: ClusterSnapshot["source"];
  platform: PlatformInfo;
  score: number | null;
  scoreByCategory: Record<Category, number | null>;
  scoreExplanation: string;
  summary: { byStatus: StatusCounts; bySeverity: Record<Severity, number> };
  notes: string[];
  /** Every result that is not a pass; passes too when `includePassed` was asked for. */
  findings: Finding[];
}

export interface AuditOptions {
  environment: string;
  checks: readonly CheckDefinition[];
  settings?: AuditSettings;
  waivers?: readonly Waiver[];
  /** Only results in this namespace (cluster-scoped results are dropped). */
  namespace?: string;
  /**
   * Keep passing results in `findings`. Off by default: they are counted and scored
   * either way, and at 40,000 pods they are most of the memory an audit uses.
   */
  includePassed?: boolean;
  clock?: () => Date;
}

const STATUS_RANK: Record<ResultStatus, number> = { fail: 0, unknown: 1, not_applicable: 2, pass: 3 };

const CLUSTER_REF: ResourceRef = { kind: "Cluster", name: "cluster" };

function visibilityGap(def: CheckDefinition, ctx: CheckContext): CheckResult | undefined {
  for (const kind of def.kinds) {
    const v = ctx.index.visibility(kind);
    if (v.state === "forbidden" || v.state === "error") {
      return {
        status: "unknown",
        resource: CLUSTER_REF,
        message: `cannot judge: ${kind} ${v.state === "forbidden" ? "is forbidden to the auditor" : "could not be read"}${v.reason ? ` (${v.reason})` : ""}`,
      };
    }
  }
  return undefined;
}

// Odd manifests (a YAML map where a flag string was meant) must not take the
// whole audit down: the platform is then unknown and the checks still run.
function safePlatform(index: ReturnType<typeof indexSnapshot>, notes: string[]): PlatformInfo {
  try {
    return detectPlatform(index);
  } catch (err) {
    notes.push(`platform detection failed: ${err instanceof Error ? err.message : String(err)}`);
    return { name: "unknown", managedControlPlane: false, evidence: ["detection failed"] };
  }
}

export function runAudit(snapshot: ClusterSnapshot, options: AuditOptions): AuditReport {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const index = indexSnapshot(snapshot);
  const notes = [...snapshot.notes];
  const ctx: CheckContext = {
    index,
    platform: safePlatform(index, notes),
    settings: options.settings ?? DEFAULT_AUDIT_SETTINGS,
    now: startedAt,
  };
  const waivers = createWaiverMatcher(options.waivers ?? [], startedAt);
  for (const w of waivers.expired) notes.push(`waiver ${w.id} for ${w.checkId} expired on ${w.expiresAt} and was not applied`);

  const findings: Finding[] = [];
  // A fingerprint names one finding; a check that reports an object twice is merged
  // (worst status wins) so diffs, waivers and stored history stay one-to-one.
  const byFingerprint = new Map<string, Finding>();
  const duplicateNoted = new Set<string>();
  const tally = new ScoreTally();
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const def of options.checks) {
    let results: CheckResult[];
    const gap = visibilityGap(def, ctx);
    if (gap) {
      results = [gap];
    } else {
      try {
        results = def.evaluate(ctx);
      } catch (err) {
        // A crashing check must never read as a pass.
        const why = err instanceof Error ? err.message : String(err);
        notes.push(`check ${def.id} failed to evaluate: ${why}`);
        results = [{ status: "unknown", resource: CLUSTER_REF, message: `check could not be evaluated: ${why}` }];
      }
    }
    // Passes are most results: count them per check, score them once.
    let passes = 0;
    for (const r of results) {
      if (options.namespace !== undefined && r.resource.namespace !== options.namespace) continue;
      if (r.status === "pass" && !options.includePassed) {
        passes++;
        continue;
      }
      const fingerprint = findingFingerprint(def.id, r.resource);
      const seen = byFingerprint.get(fingerprint);
      if (seen) {
        if (!duplicateNoted.has(def.id)) {
          duplicateNoted.add(def.id);
          notes.push(`check ${def.id} reported ${r.resource.kind}/${r.resource.name} more than once; merged`);
        }
        if (!seen.message.includes(r.message)) seen.message += `; ${r.message}`;
        if (STATUS_RANK[r.status] < STATUS_RANK[seen.status as ResultStatus]) seen.status = r.status;
        continue;
      }
      const finding: Finding = {
        fingerprint,
        checkId: def.id,
        title: def.title,
        severity: def.severity,
        category: def.category,
        status: r.status,
        resource: r.resource,
        message: r.message,
        references: def.references,
        remediation: def.remediation,
        fixable: r.status === "fail" && def.fix !== undefined && def.fix(ctx, r) !== undefined,
      };
      if (r.status === "fail") {
        const labels = waivers.needsLabels ? index.get(r.resource.kind, r.resource.namespace, r.resource.name)?.metadata.labels : undefined;
        const w = waivers.empty ? undefined : waivers.match({ checkId: def.id, fingerprint: finding.fingerprint, resource: r.resource, labels });
        if (w) {
          finding.status = "waived";
          finding.waiver = { id: w.id, reason: w.reason, owner: w.owner, expiresAt: w.expiresAt };
        } else bySeverity[def.severity]++;
      }
      tally.add(finding);
      findings.push(finding);
      byFingerprint.set(fingerprint, finding);
    }
    tally.add({ status: "pass", severity: def.severity, category: def.category }, passes);
  }

  const score = tally.score();
  return {
    schemaVersion: 1,
    environment: options.environment,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    source: snapshot.source,
    platform: ctx.platform,
    score: score.overall,
    scoreByCategory: score.byCategory,
    scoreExplanation: score.explanation,
    summary: { byStatus: { ...tally.counts }, bySeverity },
    notes,
    findings,
  };
}

/** Builds the patch for a fixable finding; used by the approval flow. */
export function planRemediation(
  snapshot: ClusterSnapshot,
  check: CheckDefinition,
  finding: Pick<Finding, "resource" | "message">,
  settings: AuditSettings = DEFAULT_AUDIT_SETTINGS,
  now: Date = new Date(),
) {
  if (!check.fix) return undefined;
  const index = indexSnapshot(snapshot);
  const ctx: CheckContext = { index, platform: safePlatform(index, []), settings, now };
  return check.fix(ctx, { status: "fail", resource: finding.resource, message: finding.message });
}
