import { defineCheck } from "../types.js";
import { LOG_SHIPPERS, nodeAgentCoverage } from "./agents.js";

export const logShipperCoverage = defineCheck({
  id: "log-shipper-coverage",
  title: "A log shipper runs on every node",
  severity: "medium",
  category: "audit-logging",
  needs: ["heuristic"],
  kinds: ["DaemonSet", "Node"],
  references: {},
  description:
    "Container logs live on the node and disappear with it (and with pod restarts past the rotation limit). Incident response needs them shipped off the node by a DaemonSet that runs everywhere, control-plane nodes included. Recognised by name, labels and image (Fluent Bit, Fluentd, Vector, Promtail, Alloy, Filebeat, Datadog, Splunk, OpenTelemetry, cloud agents...): a heuristic that can miss unlisted tools; coverage compares the DaemonSet's scheduled count with the node count.",
  remediation:
    "Deploy a log shipper as a DaemonSet with tolerations for every taint your nodes carry (`operator: Exists`), ship to storage the cluster's admins cannot delete, and alert when it stops shipping.",
  evaluate: (ctx) => nodeAgentCoverage(ctx.index, LOG_SHIPPERS, "log shipper"),
});
