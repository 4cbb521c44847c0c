// Runs a catalog of checks over one snapshot and turns their results into findings:
// visibility gaps become `unknown`, waivers become `waived`, and every finding gets
// a stable fingerprint. Pure: no I/O, the clock is passed in.
import type { CheckContext, CheckDefinition, CheckResult, FindingStatus, References, ResourceRef } from "../checks/types.js";
import { FINDING_STATUSES, type Category, type Severity } from "../checks/types.js";
import { RuleBatch, type WalkOutcome } from "../checks/rule-batch.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../checks/settings.js";
import { indexSnapshot } from "../snapshot/index.js";
import { detectPlatform, type PlatformInfo } from "../snapshot/platform.js";
import type { ClusterSnapshot } from "../snapshot/types.js";
import { CheckFindings, type FindingRules, type Merging } from "./check-findings.js";
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

/** Each listed check's merging, shared by the listings of a check listed more than once. */
function sharedMergings(checks: readonly CheckDefinition[]): Map<string, Merging> {
  const listed = new Map<string, number>();
  for (const def of checks) listed.set(def.id, (listed.get(def.id) ?? 0) + 1);
  const shared = new Map<string, Merging>();
  for (const [id, times] of listed) if (times > 1) shared.set(id, { byFingerprint: new Map(), noted: false });
  return shared;
}

/** A crashing check must never read as a pass: it becomes one `unknown` and a note. */
function failedCheck(def: CheckDefinition, rules: FindingRules, error: unknown, shared: Merging | undefined): CheckFindings {
  const why = error instanceof Error ? error.message : String(error);
  const failed = CheckFindings.of(def, rules, [{ status: "unknown", resource: CLUSTER_REF, message: `check could not be evaluated: ${why}` }], shared);
  failed.notes.unshift(`check ${def.id} failed to evaluate: ${why}`);
  return failed;
}

/**
 * Every check's findings, in catalog order. The per-container and per-workload
 * rules of all checks run in one walk over the workloads (see RuleBatch), their
 * results becoming findings as they arrive; other checks' results become
 * findings as soon as the check returns them.
 */
function evaluateChecks(checks: readonly CheckDefinition[], rules: FindingRules, countPasses: boolean): CheckFindings[] {
  const { ctx } = rules;
  const shared = sharedMergings(checks);
  const batch = RuleBatch.open(ctx, countPasses);
  const outcomes: (CheckFindings | { error: unknown })[] = [];
  const walks = new Map<number, WalkOutcome>();
  for (const def of checks) {
    const merging = shared.get(def.id);
    const gap = visibilityGap(def, ctx);
    if (gap) {
      outcomes.push(CheckFindings.of(def, rules, [gap], merging));
      continue;
    }
    const sink = new CheckFindings(def, rules, merging);
    let evaluated: ReturnType<typeof batch.evaluate>;
    try {
      evaluated = batch.evaluate(def.id, () => def.evaluate(ctx), sink);
    } catch (error) {
      outcomes.push({ error });
      continue;
    }
    if ("batched" in evaluated) {
      walks.set(outcomes.length, evaluated.batched);
      outcomes.push(sink);
    } else outcomes.push(CheckFindings.of(def, rules, evaluated.results, merging));
  }
  batch.run();
  return outcomes.map((outcome, i) => {
    const def = checks[i]!;
    const error = "error" in outcome ? outcome.error : walks.get(i)?.failure?.error;
    const findings = error === undefined && !("error" in outcome) ? outcome : failedCheck(def, rules, error, shared.get(def.id));
    findings.flush();
    return findings;
  });
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

  const includePassed = options.includePassed === true;
  const rules: FindingRules = { ctx, waivers, namespace: options.namespace, includePassed };
  // Passes that nobody will see are counted where they arise, not materialised.
  const byCheck = evaluateChecks(options.checks, rules, !includePassed && options.namespace === undefined);

  const tally = new ScoreTally();
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  // One concat, not a push per finding: this runs once per audit, before V8
  // optimises it, and a for-of would allocate an iterator result per finding.
  const findings: Finding[] = ([] as Finding[]).concat(...byCheck.map((c) => c.findings));
  for (let i = 0; i < options.checks.length; i++) {
    const def = options.checks[i]!;
    const checkFindings = byCheck[i]!;
    for (const note of checkFindings.notes) notes.push(note);
    bySeverity[def.severity] += checkFindings.unwaivedFailures;
    // Counted per check and scored once: a check has one severity and category,
    // and most of its results are passes that are never materialised as findings.
    for (const status of FINDING_STATUSES) tally.add({ status, severity: def.severity, category: def.category }, checkFindings.counts[status]);
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
