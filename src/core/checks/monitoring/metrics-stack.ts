import { fail, notApplicable, pass } from "../helpers.js";
import { defineCheck } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import { CLUSTER, matching, METRICS } from "./agents.js";

export const metricsStack = defineCheck({
  id: "metrics-stack",
  title: "A metrics and alerting stack is deployed",
  severity: "low",
  category: "audit-logging",
  needs: ["heuristic"],
  kinds: WORKLOAD_READ_KINDS,
  references: {},
  description:
    "Without metrics (Prometheus with kube-state-metrics and node-exporter, a vendor agent, or a cloud collector) nobody notices a node filling up, a crash-looping pod or a sudden burst of API errors, which is often how an intrusion first shows. metrics-server alone feeds autoscaling and `kubectl top`, not alerting. Recognised by name, labels and image: a heuristic.",
  remediation:
    "Install a metrics stack (kube-prometheus-stack, or your vendor's agent), alert on node pressure, restarts and API error rates, and keep metrics-server for autoscaling.",
  evaluate(ctx) {
    if (!ctx.index.snapshot.complete) return [notApplicable(CLUSTER, "needs a whole-cluster snapshot; the input is a set of files")];
    const found = matching(ctx.index, METRICS);
    const names = [...new Set(found.map((w) => w.name))];
    const onlyMetricsServer = names.length > 0 && names.every((n) => /metrics-server/i.test(n));
    if (names.length === 0) return [fail(CLUSTER, "no metrics collector recognised (heuristic: matched by name, labels and image)")];
    if (onlyMetricsServer) return [fail(CLUSTER, "only metrics-server found: it feeds autoscaling, not monitoring or alerting (heuristic)")];
    const shown = names.slice(0, 4).join(", ") + (names.length > 4 ? ` and ${names.length - 4} more` : "");
    return [pass(CLUSTER, `metrics collection found: ${shown} (heuristic)`)];
  },
});
