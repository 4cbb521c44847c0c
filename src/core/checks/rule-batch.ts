// Forty-odd checks apply one rule to every workload or container of the cluster.
// Run one check at a time, each walks every pod spec again, and pod specs lie
// scattered over a heap of hundreds of megabytes, so an audit would spend most
// of its time waiting for memory. The audit therefore opens a batch: while it
// asks every check for its results, the workload walkers (perContainer,
// perWorkload, evaluateContainers, evaluateWorkloads) record their per-workload
// step and return a token instead of walking; `run` then visits each workload
// once and applies every recorded step while that pod spec is in cache.
//
// Each check still gets exactly the results, in the order, that its own walk
// would have produced. Passes are only counted when the audit keeps none.
import type { Workload } from "../snapshot/workloads.js";
import { checkSeed, fingerprintFromSeeds, type CheckSeed, type RefSeed } from "../audit/fingerprint.js";
import type { CheckContext, CheckResult, ResourceRef } from "./types.js";

/**
 * Where a check's results go: in a batch, the audit turns each into a finding as
 * it arrives (no result outlives the walk); on its own, a list.
 */
export interface ResultSink {
  /** A result, with its fingerprint and fixability where the walk knows them. */
  add(result: CheckResult, fingerprint: string | undefined, fixable: boolean | undefined): void;
  /** A pass nobody keeps: only counted. */
  countPass(): void;
  /** Every result will name another resource: there are no duplicates to look for. */
  namesDistinct(): void;
}

/** The sink of a check walked on its own: its results, in order. */
class ResultList implements ResultSink {
  readonly results: CheckResult[] = [];
  add(result: CheckResult): void {
    this.results.push(result);
  }
  countPass(): void {}
  namesDistinct(): void {}
}

/**
 * What one check's walk reports into. In a batch it also fingerprints results
 * from seeds the walk already holds (the check's, and the ref's, made with the
 * ref), so the audit need not read each resource's strings again.
 */
export class WalkOutcome {
  /** Set when a step threw: the check failed to evaluate, as it would have on its own. */
  failure?: { error: unknown };

  constructor(
    private readonly sink: ResultSink,
    private readonly countPasses: boolean,
    private readonly seed?: CheckSeed,
  ) {}

  /** `fixable`: whether the check's fix gives a patch for this failure, where the walk judged it. */
  add(result: CheckResult, ref?: RefSeed, fixable?: boolean): void {
    this.sink.add(result, ref && this.seed ? fingerprintFromSeeds(this.seed, ref) : undefined, fixable);
  }

  /**
   * Whether passes are kept as results. When not, a walk need not build a pass's
   * ref and message at all: `countPass` says enough.
   */
  get keepsPasses(): boolean {
    return !this.countPasses;
  }

  /** A pass nobody keeps (see `keepsPasses`). */
  countPass(): void {
    this.sink.countPass();
  }

  /** A pass: counted when nobody keeps passes, else added. */
  pass(resource: ResourceRef, message: string, ref?: RefSeed): void {
    if (this.countPasses) this.sink.countPass();
    else this.add({ status: "pass", resource, message }, ref);
  }

  keep(result: CheckResult, ref?: RefSeed, fixable?: boolean): void {
    if (this.countPasses && result.status === "pass") this.sink.countPass();
    else this.add(result, ref, fixable);
  }

  /**
   * Said by a walk whose items name distinct resources and that reports on each
   * at most once: no fingerprint repeats, so the audit looks for no duplicates.
   */
  namesDistinct(): void {
    this.sink.namesDistinct();
  }
}

/** One item's share of a check's walk: `index` is the item's position in the list walked. */
export type Visit<T> = (item: T, index: number) => void;

/** A list a check walks, and how: `step` prepares the walk and returns the visit of one item. */
export interface Walk {
  list: readonly unknown[];
  step: (out: WalkOutcome) => Visit<unknown>;
}

/** A walk over one list, type-checked against that list's items. */
export function walk<T>(list: readonly T[], step: (out: WalkOutcome) => Visit<T>): Walk {
  return { list, step: step as (out: WalkOutcome) => Visit<unknown> };
}

interface Segment {
  list: readonly unknown[];
  visit: Visit<unknown>;
}

interface Planned {
  segments: Segment[];
  out: WalkOutcome;
}

const openBatches = new WeakMap<CheckContext, RuleBatch>();

/**
 * Runs a check's walks over lists (workloads, roles, bindings) now, in order, into
 * one list of results; or, while the audit is gathering a batch, records them.
 */
export function walkLists(ctx: CheckContext, walks: readonly Walk[]): CheckResult[] {
  const batch = openBatches.get(ctx);
  if (batch?.recording) return batch.record(walks);
  const own = new ResultList();
  const out = new WalkOutcome(own, false);
  for (const { list, step } of walks) {
    const visit = step(out);
    for (let i = 0; i < list.length; i++) visit(list[i], i);
  }
  return own.results;
}

/** One walk over the owner-level workloads (`index` is the position in `index.workloads()`). */
export function walkWorkloads(ctx: CheckContext, step: (out: WalkOutcome) => Visit<Workload>): CheckResult[] {
  return walkLists(ctx, [walk(ctx.index.workloads(), step)]);
}

export class RuleBatch {
  recording = false;
  private seed: CheckSeed | undefined;
  private sink: ResultSink | undefined;
  private readonly planned: Planned[] = [];
  private readonly tokens = new Map<readonly CheckResult[], Planned>();
  /** The lists walked, in first-walked order, and which must be visited before which. */
  private readonly lists: (readonly unknown[])[] = [];
  private readonly edges: [number, number][] = [];

  private constructor(
    private readonly ctx: CheckContext,
    private readonly countPasses: boolean,
  ) {}

  /** Opens a batch for this audit context; `run` closes it. */
  static open(ctx: CheckContext, countPasses: boolean): RuleBatch {
    const batch = new RuleBatch(ctx, countPasses);
    openBatches.set(ctx, batch);
    return batch;
  }

  record(walks: readonly Walk[]): CheckResult[] {
    const out = new WalkOutcome(this.sink!, this.countPasses, this.seed);
    const segments = walks.map(({ list, step }) => ({ list, visit: step(out) }));
    const token: CheckResult[] = [];
    const planned = { segments, out };
    this.planned.push(planned);
    this.tokens.set(token, planned);
    return token;
  }

  /**
   * Calls a check's `evaluate` while recording. A check that returns what one
   * walkLists call gave it is batched: `run` reports its results into `sink`. A
   * check that walks twice, combines a walk with other results, or walks lists
   * in an order the batch cannot keep is evaluated again on its own, and its
   * results are returned (the sink, told things while recording, is not for them).
   */
  evaluate(
    checkId: string,
    evaluate: () => readonly CheckResult[],
    sink: ResultSink,
  ): { results: readonly CheckResult[] } | { batched: WalkOutcome } {
    const before = this.planned.length;
    this.recording = true;
    this.seed = checkSeed(checkId);
    this.sink = sink;
    let results: readonly CheckResult[];
    try {
      results = evaluate();
    } catch (err) {
      this.planned.splice(before);
      throw err;
    } finally {
      this.recording = false;
    }
    const recorded = this.planned.length - before;
    if (recorded === 0) return { results };
    const planned = this.tokens.get(results);
    if (recorded === 1 && planned !== undefined && planned === this.planned[before] && this.keepsOrder(planned)) {
      return { batched: planned.out };
    }
    this.planned.splice(before);
    return { results: evaluate() };
  }

  /**
   * `run` visits each list once; a check that walks several lists (roles, then
   * bindings) needs them visited in its order. Orders that cannot all be kept
   * turn the check away (it then runs on its own).
   */
  private keepsOrder(planned: Planned): boolean {
    const knownLists = this.lists.length;
    const knownEdges = this.edges.length;
    let previous = -1;
    for (const { list } of planned.segments) {
      let position = this.lists.indexOf(list);
      if (position < 0) position = this.lists.push(list) - 1;
      if (previous >= 0) this.edges.push([previous, position]);
      previous = position;
    }
    if (this.order() !== undefined) return true;
    this.lists.length = knownLists;
    this.edges.length = knownEdges;
    return false;
  }

  /** Positions of the lists in visiting order (first walked first, where no check says otherwise); undefined on a cycle. */
  private order(): number[] | undefined {
    const order: number[] = [];
    const placed = new Set<number>();
    while (order.length < this.lists.length) {
      let next = -1;
      for (let p = 0; p < this.lists.length && next < 0; p++) {
        if (!placed.has(p) && this.edges.every(([a, b]) => b !== p || placed.has(a))) next = p;
      }
      if (next < 0) return undefined;
      placed.add(next);
      order.push(next);
    }
    return order;
  }

  /** Visits every walked list once, applying every recorded visit to each item; closes the batch. */
  run(): void {
    openBatches.delete(this.ctx);
    for (const position of this.order()!) {
      const list = this.lists[position]!;
      let live = this.planned.flatMap((p) => p.segments.filter((s) => s.list === list).map((s) => ({ visit: s.visit, out: p.out })));
      for (let i = 0; i < list.length && live.length > 0; i++) {
        const item = list[i];
        let failed = false;
        for (let k = 0; k < live.length; k++) {
          const p = live[k]!;
          if (p.out.failure !== undefined) continue;
          try {
            p.visit(item, i);
          } catch (err) {
            p.out.failure = { error: err };
            failed = true;
          }
        }
        if (failed) live = live.filter((p) => p.out.failure === undefined);
      }
    }
  }
}
