// One check's results become findings as they arrive: from the check's walk
// while the audit's batch runs, or from the list the check returned. No result
// outlives its finding, and passes nobody keeps are only counted.
import type { CheckContext, CheckDefinition, CheckResult, FindingStatus, ResultStatus } from "../checks/types.js";
import type { ResultSink } from "../checks/rule-batch.js";
import { checkSeed, fingerprintWithSeed, type CheckSeed } from "./fingerprint.js";
import type { WaiverMatcher } from "./waivers.js";
import type { Finding } from "./engine.js";

/** What every check's findings are made under in one audit. */
export interface FindingRules {
  ctx: CheckContext;
  waivers: WaiverMatcher;
  /** Only results in this namespace. */
  namespace: string | undefined;
  /** Keep passing results as findings. */
  includePassed: boolean;
}

const STATUS_RANK: Record<ResultStatus, number> = { fail: 0, unknown: 1, not_applicable: 2, pass: 3 };

/**
 * Where a check's findings are looked up to merge a repeated fingerprint, and
 * whether that was noted. Checks listed twice share one (as one check id).
 */
export interface Merging {
  /** Undefined when the results name distinct resources: nothing to merge. */
  byFingerprint: Map<string, Finding> | undefined;
  noted: boolean;
}

type Pending = [result: CheckResult, fingerprint: string | undefined, fixable: boolean | undefined];

export class CheckFindings implements ResultSink {
  readonly findings: Finding[] = [];
  /** Said about this check (a merged duplicate), in the order it happened. */
  readonly notes: string[] = [];
  /** By the status each finding had when it was made, plus the passes only counted. */
  readonly counts: Record<FindingStatus, number> = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, waived: 0 };
  /** Failures not waived: what the report's severity summary counts. */
  unwaivedFailures = 0;
  private readonly seed: CheckSeed;
  // A fingerprint names one finding; a check that reports an object twice is
  // merged (worst status wins) so diffs, waivers and stored history stay
  // one-to-one.
  private readonly merging: Merging;
  /** Results held back while a merge shared with another listing of the check must wait its turn (see `flush`). */
  private pending: Pending[] | undefined;

  /** `shared`: the merging of a check listed more than once; its results are then held until `flush`. */
  constructor(
    private readonly def: CheckDefinition,
    private readonly rules: FindingRules,
    shared?: Merging,
  ) {
    this.seed = checkSeed(def.id);
    this.merging = shared ?? { byFingerprint: new Map(), noted: false };
    if (shared) this.pending = [];
  }

  /** Findings from a list of results (a check evaluated on its own). */
  static of(def: CheckDefinition, rules: FindingRules, results: readonly CheckResult[], shared?: Merging): CheckFindings {
    const findings = new CheckFindings(def, rules, shared);
    // Indexed: once per check per audit, before V8 optimises it (an iterator would allocate per result).
    for (let i = 0; i < results.length; i++) findings.add(results[i]!, undefined, undefined);
    return findings;
  }

  countPass(): void {
    this.counts.pass++;
  }

  namesDistinct(): void {
    if (!this.pending) this.merging.byFingerprint = undefined;
  }

  add(r: CheckResult, knownFingerprint: string | undefined, knownFixable: boolean | undefined): void {
    if (this.pending) this.pending.push([r, knownFingerprint, knownFixable]);
    else this.make(r, knownFingerprint, knownFixable);
  }

  /** Makes the held-back findings; called in catalog order, so merges happen as if the checks ran in turn. */
  flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    for (const [r, fingerprint, fixable] of pending ?? []) this.make(r, fingerprint, fixable);
  }

  private make(r: CheckResult, knownFingerprint: string | undefined, knownFixable: boolean | undefined): void {
    const { def, rules, merging } = this;
    if (rules.namespace !== undefined && r.resource.namespace !== rules.namespace) return;
    if (r.status === "pass" && !rules.includePassed) {
      this.counts.pass++;
      return;
    }
    const fingerprint = knownFingerprint ?? fingerprintWithSeed(this.seed, r.resource);
    const seen = merging.byFingerprint?.get(fingerprint);
    if (seen) {
      if (!merging.noted) {
        merging.noted = true;
        this.notes.push(`check ${def.id} reported ${r.resource.kind}/${r.resource.name} more than once; merged`);
      }
      if (!seen.message.includes(r.message)) seen.message += `; ${r.message}`;
      if (STATUS_RANK[r.status] < STATUS_RANK[seen.status as ResultStatus]) seen.status = r.status;
      return;
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
      fixable: r.status === "fail" && def.fix !== undefined && (knownFixable ?? this.fixable(r)),
    };
    if (r.status === "fail") {
      const w = rules.waivers.empty ? undefined : this.waiverOf(r, fingerprint);
      if (w) {
        finding.status = "waived";
        finding.waiver = { id: w.id, reason: w.reason, owner: w.owner, expiresAt: w.expiresAt };
      } else this.unwaivedFailures++;
    }
    // The status at insertion is what is scored; a later duplicate may worsen
    // the finding's status but is not counted again.
    this.counts[finding.status]++;
    this.findings.push(finding);
    merging.byFingerprint?.set(fingerprint, finding);
  }

  private fixable(r: CheckResult): boolean {
    const { def, rules } = this;
    return def.fixable ? def.fixable(rules.ctx, r) : def.fix!(rules.ctx, r) !== undefined;
  }

  private waiverOf(r: CheckResult, fingerprint: string) {
    const { waivers, ctx } = this.rules;
    const labels = waivers.needsLabels ? ctx.index.get(r.resource.kind, r.resource.namespace, r.resource.name)?.metadata.labels : undefined;
    return waivers.match({ checkId: this.def.id, fingerprint, resource: r.resource, labels });
  }
}
