import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import { logShipperCoverage } from "./log-shipper-coverage.js";
import { indexSnapshot } from "../../snapshot/index.js";
import { deployment, snapshotOf } from "../pod-security/testing.js";
import { haystack, LOG_SHIPPERS, matching, METRICS, RUNTIME_SECURITY } from "./agents.js";

const audit = (yaml: string) =>
  runAudit(snapshotFromManifests([parseManifestText(yaml, "t.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" }), {
    environment: "t",
    checks: [logShipperCoverage],
    includePassed: true,
  }).findings.map((f) => `${f.status} ${f.resource.kind}: ${f.message}`);

const COMPLETE = "apiVersion: harden.dev/v1\nkind: HardenSnapshot\ncomplete: true\n---\napiVersion: v1\nkind: Node\nmetadata: { name: n1 }\n---\n";
const shipper = (status: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: log-agent, namespace: logging }
spec:
  selector: { matchLabels: { app: log-agent } }
  template:
    metadata: { labels: { app: log-agent } }
    spec: { containers: [{ name: fluentd, image: fluent/fluentd-kubernetes-daemonset:v1.17 }] }
${status}`;

describe("node agent coverage", () => {
  it("when the shipper is recognised by its image but has no status, then coverage is unknown, not a pass", () => {
    expect(audit(COMPLETE + shipper(""))[0]).toMatch(/^unknown DaemonSet: .*status/);
  });

  it("when pods are scheduled everywhere but not ready, then it fails with the ready count", () => {
    expect(audit(COMPLETE + shipper("status: { desiredNumberScheduled: 1, numberReady: 0 }"))[0]).toMatch(/^fail DaemonSet: .*ready on 0 of 1 nodes/);
  });

  it("when the input is a folder of manifests, then the heuristic is not applied", () => {
    expect(audit(shipper("status: { desiredNumberScheduled: 1, numberReady: 1 }"))[0]).toMatch(/^not_applicable Cluster/);
  });
});

const names = (yaml: string, pattern: RegExp): string[] => matching(indexSnapshot(snapshotOf(yaml)), pattern).map((w) => w.name);

describe("recognising agents by name, labels and image", () => {
  it("when a pattern can match across the haystack's pieces, then matching finds what the joined haystack shows", () => {
    // `aqua.*enforcer` spans the name and the image: neither piece matches alone.
    const yaml = deployment("aqua-agent", "containers:\n  - { name: c, image: registry.example.com/enforcer:1 }");
    expect(names(yaml, RUNTIME_SECURITY)).toEqual(["aqua-agent"]);
  });

  it("when metrics and log patterns are tested piece by piece, then they agree with the joined haystack", () => {
    const yaml = [
      deployment("web", "containers:\n  - { name: c, image: nginx:1 }\n  - { name: m, image: quay.io/prometheus/node-exporter:v1 }"),
      deployment("vector", "containers:\n  - { name: c, image: timberio/agent:1 }"),
      deployment("vectorized", "containers:\n  - { name: c, image: example/app:1 }"),
      deployment("api", "containers:\n  - { name: c, image: example/api:1 }"),
    ].join("\n---\n");
    const index = indexSnapshot(snapshotOf(yaml));
    for (const pattern of [METRICS, LOG_SHIPPERS]) {
      const joined = index.workloads().filter((w) => pattern.test(haystack(w)));
      expect(matching(index, pattern), pattern.source.slice(0, 20)).toEqual(joined);
    }
    expect(names(yaml, METRICS)).toEqual(["web"]);
    expect(names(yaml, LOG_SHIPPERS)).toEqual(["vector"]);
  });
});
