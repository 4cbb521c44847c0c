// Recognising well-known node agents from names, labels and images. This is a
// heuristic by nature: a renamed or unlisted tool is missed, and the messages
// say so; the patterns are data so a site can reason about what was matched.
import type { CheckResult } from "../types.js";
import type { SnapshotIndex } from "../../snapshot/index.js";
import type { Workload } from "../../snapshot/workloads.js";
import { fail, notApplicable, pass, unknown, workloadRef } from "../helpers.js";

export const CLUSTER = { kind: "Cluster", name: "cluster" };

export const LOG_SHIPPERS =
  /fluent-?bit|fluentd|\bvector\b|promtail|grafana-agent|\balloy\b|filebeat|elastic-agent|datadog|splunk|otel-?collector|opentelemetry-collector|ama-logs|omsagent|cloudwatch-agent|logging-agent|stackdriver|newrelic-logging|sumologic|logdna|mezmo|nxlog|rsyslog|syslog-ng|fluentbit-gke/i;

export const RUNTIME_SECURITY =
  /falco|tetragon|kubearmor|tracee|neuvector|sysdig|aqua.*enforcer|kube-enforcer|twistlock|prisma-?cloud|falcon-sensor|crowdstrike|sentinelone|wiz-sensor|kubescape.*node-agent|deepfence|stackrox|qualys|lacework/i;

export const METRICS =
  /prometheus|kube-state-metrics|node-exporter|metrics-server|victoria-?metrics|vmagent|datadog|newrelic|nri-bundle|dynatrace|grafana-agent|\balloy\b|otel-?collector|opentelemetry-collector|ama-metrics|gke-metrics-agent|cloudwatch-agent|signalfx|splunk-otel|thanos|mimir/i;

/** Everything that names a workload: its name, the usual app labels, its images. */
export function haystack(w: Workload): string {
  const labels = w.podLabels;
  return [
    w.name,
    labels["app"],
    labels["k8s-app"],
    labels["app.kubernetes.io/name"],
    labels["app.kubernetes.io/instance"],
    ...w.containers.map((c) => c.container.image ?? ""),
  ]
    .filter(Boolean)
    .join(" ");
}

// No alternative of these two can match a space, so a match within the joined
// haystack lies within one of its pieces: each piece can be tested on its own,
// and the haystack need not be built for the thousands of workloads that match
// nothing. RUNTIME_SECURITY's `aqua.*enforcer` can run across pieces: patterns
// not listed here are tested on the joined haystack.
const PIECEWISE: ReadonlySet<RegExp> = new Set([LOG_SHIPPERS, METRICS]);

type PieceTest = (piece: unknown) => boolean;

/**
 * The pattern's test of one piece. A piece the haystack leaves out (falsy)
 * matches nothing; `test` reads others as text, as `join` does. Thousands of
 * workloads share a few names and images: each distinct string is tested once.
 */
function pieceTest(pattern: RegExp): PieceTest {
  const known = new Map<string, boolean>();
  return (piece) => {
    if (!piece) return false;
    if (typeof piece !== "string") return pattern.test(piece as string);
    let hit = known.get(piece);
    if (hit === undefined) known.set(piece, (hit = pattern.test(piece)));
    return hit;
  };
}

/** Whether some piece of the workload's haystack matches. */
function anyPieceMatches(w: Workload, test: PieceTest): boolean {
  const labels = w.podLabels;
  if (test(w.name) || test(labels["app"]) || test(labels["k8s-app"])) return true;
  if (test(labels["app.kubernetes.io/name"]) || test(labels["app.kubernetes.io/instance"])) return true;
  const containers = w.containers;
  for (let i = 0; i < containers.length; i++) if (test(containers[i]!.container.image ?? "")) return true;
  return false;
}

export function matching(index: SnapshotIndex, pattern: RegExp, kinds?: readonly string[]): Workload[] {
  const test = PIECEWISE.has(pattern) ? pieceTest(pattern) : undefined;
  // A plain loop: it runs once per check over every workload.
  const workloads = index.workloads();
  const found: Workload[] = [];
  for (let i = 0; i < workloads.length; i++) {
    const w = workloads[i]!;
    if (kinds && !kinds.includes(w.kind)) continue;
    if (test ? anyPieceMatches(w, test) : pattern.test(haystack(w))) found.push(w);
  }
  return found;
}

interface DaemonSetStatus {
  desiredNumberScheduled?: number;
  numberReady?: number;
}

/**
 * One result for a kind of node agent: missing, partial, or on every node.
 * Judged on the DaemonSet that covers the most nodes.
 */
export function nodeAgentCoverage(index: SnapshotIndex, pattern: RegExp, what: string): CheckResult[] {
  if (!index.snapshot.complete) return [notApplicable(CLUSTER, "needs a whole-cluster snapshot; the input is a set of files")];
  const nodes = index.ofKind("Node").length;
  const daemonSets = matching(index, pattern, ["DaemonSet"]);
  if (daemonSets.length === 0) return [fail(CLUSTER, `no ${what} DaemonSet recognised (heuristic: matched by name, labels and image)`)];
  const scored = daemonSets.map((w) => ({ w, status: (w.object["status"] as DaemonSetStatus | undefined) ?? {} }));
  const withStatus = scored.filter((s) => typeof s.status.desiredNumberScheduled === "number");
  if (withStatus.length === 0) return [unknown(workloadRef(daemonSets[0]!), `${what} ${daemonSets[0]!.name} found, but its DaemonSet status (node coverage) is not in the input`)];
  const best = withStatus.reduce((a, b) => ((b.status.numberReady ?? 0) > (a.status.numberReady ?? 0) ? b : a));
  const desired = best.status.desiredNumberScheduled!;
  const ready = best.status.numberReady ?? 0;
  const ref = workloadRef(best.w);
  if (nodes > 0 && desired < nodes) return [fail(ref, `${what} ${best.w.name} is scheduled on ${desired} of ${nodes} nodes (heuristic): the others lack a toleration or a matching nodeSelector`)];
  if (ready < desired) return [fail(ref, `${what} ${best.w.name} is ready on ${ready} of ${desired} nodes (heuristic)`)];
  return [pass(ref, `${what} ${best.w.name} runs on all ${desired} nodes (heuristic)`)];
}
