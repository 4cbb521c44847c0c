// Runs a catalog of checks over one snapshot and turns their results into findings:
// visibility gaps become `unknown`, waivers become `waived`, and every finding gets
// a stable fingerprint. Pure: no I/O, the clock is passed in.
import type { CheckContext, CheckDefinition, CheckResult, FindingStatus, References, ResourceRef } from "../checks/types.js";
import { FINDING_STATUSES, type Category, type ResultStatus, type Severity } from "../checks/types.js";
import { RuleBatch } from "../checks/rule-batch.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../checks/settings.js";
import { indexSnapshot } from "../snapshot/index.js";
import { detectPlatform, type PlatformInfo } from "../snapshot/platform.js";
import type { ClusterSnapshot } from "../snapshot/types.js";
import { checkSeed, fingerprintWithSeed } from "./fingerprint.js";
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

/** A check's results (non-passing ones only, when `passes` counts the rest), or why it could not run. */
interface CheckOutcome {
  results: readonly CheckResult[];
  /** Aligned with `results` where the batch fingerprinted them already. */
  fingerprints?: readonly (string | undefined)[];
  passes: number;
  failure?: { error: unknown };
}

/**
 * Every check's outcome, gathered before any becomes a finding so that the
 * per-container and per-workload rules of all checks run in one walk over the
 * workloads (see RuleBatch). Failures are kept rather than noted here, so notes
 * still follow catalog order.
 */
function evaluateChecks(checks: readonly CheckDefinition[], ctx: CheckContext, countPasses: boolean): CheckOutcome[] {
  const batch = RuleBatch.open(ctx, countPasses);
  const outcomes: CheckOutcome[] = [];
  for (const def of checks) {
    const gap = visibilityGap(def, ctx);
    if (gap) {
      outcomes.push({ results: [gap], passes: 0 });
      continue;
    }
    try {
      const evaluated = batch.evaluate(def.id, () => def.evaluate(ctx));
      outcomes.push("batched" in evaluated ? evaluated.batched : { results: evaluated.results, passes: 0 });
    } catch (err) {
      outcomes.push({ results: [], passes: 0, failure: { error: err } });
    }
  }
  batch.run();
  return outcomes;
}

/** A crashing check must never read as a pass: it becomes one `unknown` and a note. */
function failedCheck(def: CheckDefinition, error: unknown, notes: string[]): CheckResult[] {
  const why = error instanceof Error ? error.message : String(error);
  notes.push(`check ${def.id} failed to evaluate: ${why}`);
  return [{ status: "unknown", resource: CLUSTER_REF, message: `check could not be evaluated: ${why}` }];
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
  // Fingerprints include the check id, so duplicates are looked for among one
  // check's findings: small maps, one per check id, instead of one map of all.
  const byCheck = new Map<string, Map<string, Finding>>();
  const duplicateNoted = new Set<string>();
  const tally = new ScoreTally();
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const includePassed = options.includePassed === true;
  // Passes that nobody will see are counted where they arise, not materialised.
  const outcomes = evaluateChecks(options.checks, ctx, !includePassed && options.namespace === undefined);
  for (let i = 0; i < options.checks.length; i++) {
    const def = options.checks[i]!;
    const outcome = outcomes[i]!;
    const results = outcome.failure ? failedCheck(def, outcome.failure.error, notes) : outcome.results;
    const known = outcome.failure ? undefined : outcome.fingerprints;
    const seed = checkSeed(def.id);
    let byFingerprint = byCheck.get(def.id);
    if (!byFingerprint) byCheck.set(def.id, (byFingerprint = new Map()));
    // Counted per check and scored once: a check has one severity and category,
    // and most of its results are passes that are never materialised as findings.
    const counts = { pass: outcome.failure ? 0 : outcome.passes, fail: 0, unknown: 0, not_applicable: 0, waived: 0 };
    for (let j = 0; j < results.length; j++) {
      const r = results[j]!;
      if (options.namespace !== undefined && r.resource.namespace !== options.namespace) continue;
      if (r.status === "pass" && !includePassed) {
        counts.pass++;
        continue;
      }
      const fingerprint = known?.[j] ?? fingerprintWithSeed(seed, r.resource);
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
        fixable: r.status === "fail" && def.fix !== undefined && (def.fixable ? def.fixable(ctx, r) : def.fix(ctx, r) !== undefined),
      };
      if (r.status === "fail") {
        const labels = waivers.needsLabels ? index.get(r.resource.kind, r.resource.namespace, r.resource.name)?.metadata.labels : undefined;
        const w = waivers.empty ? undefined : waivers.match({ checkId: def.id, fingerprint: finding.fingerprint, resource: r.resource, labels });
        if (w) {
          finding.status = "waived";
          finding.waiver = { id: w.id, reason: w.reason, owner: w.owner, expiresAt: w.expiresAt };
        } else bySeverity[def.severity]++;
      }
      // The status at insertion is what is scored; a later duplicate may worsen
      // the finding's status but is not counted again.
      counts[finding.status]++;
      findings.push(finding);
      byFingerprint.set(fingerprint, finding);
    }
    for (const status of FINDING_STATUSES) tally.add({ status, severity: def.severity, category: def.category }, counts[status]);
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
