import { describe, expect, it } from "vitest";
import { runAudit, type AuditReport } from "../src/core/audit/engine.js";
import { ALL_CHECKS } from "../src/core/checks/registry.js";
import type { ClusterSnapshot, KubeObject } from "../src/core/snapshot/types.js";
import { isWorkloadKind } from "../src/core/snapshot/workloads.js";
import { loadExampleCluster } from "./support/example-cluster.js";

// The bundled example is what `npm run demo` audits and what people read first,
// so it must load cleanly and light up the whole engine: many categories, passes
// beside failures, an honest `unknown`, owner-level findings, and no secret leaks.
const NOW = new Date("2026-11-27T09:00:00Z");
const load = () => loadExampleCluster(NOW);

let cached: { snapshot: ClusterSnapshot; report: AuditReport } | undefined;
function audited() {
  if (!cached) {
    const { snapshot } = load();
    cached = { snapshot, report: runAudit(snapshot, { environment: "example", checks: ALL_CHECKS, clock: () => NOW, includePassed: true }) };
  }
  return cached;
}

const keyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ""}/${name}`;
const objectKey = (o: KubeObject) => keyOf(o.kind, o.metadata.namespace, o.metadata.name);

describe("examples/cluster", () => {
  it("when the folder is loaded, then every document becomes an object and no note is raised", () => {
    const { files, snapshot } = load();
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(snapshot.notes).toEqual([]);
    expect(snapshot.objects.length).toBeGreaterThanOrEqual(150);
    expect(snapshot.objects.length).toBeLessThanOrEqual(300);
    expect(snapshot.source.type).toBe("snapshot");
    expect(snapshot.complete).toBe(true);
    expect(snapshot.version?.gitVersion).toMatch(/^v1\.29\./);

    const keys = snapshot.objects.map(objectKey);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i), "duplicate objects").toEqual([]);

    const nodes = snapshot.objects.filter((o) => o.kind === "Node").map((o) => o.metadata.name);
    expect(nodes.filter((n) => snapshot.kubeletConfigs[n] === undefined), "nodes without a configz entry").toEqual([]);
    expect(Object.values(snapshot.kubeletConfigs).filter((c) => c.state === "forbidden")).toHaveLength(1);
  });

  it("when an object names an owner, then that owner is in the example with the same uid", () => {
    const { snapshot } = load();
    const uidByKey = new Map(snapshot.objects.map((o) => [objectKey(o), o.metadata.uid]));
    const dangling: string[] = [];
    let owned = 0;
    for (const o of snapshot.objects) {
      for (const ref of o.metadata.ownerReferences ?? []) {
        owned++;
        const ownerKey = ref.kind === "Node" ? keyOf("Node", undefined, ref.name) : keyOf(ref.kind, o.metadata.namespace, ref.name);
        if (uidByKey.get(ownerKey) !== ref.uid) dangling.push(`${objectKey(o)} -> ${ownerKey}`);
      }
    }
    expect(owned).toBeGreaterThan(10);
    expect(dangling).toEqual([]);
  });

  it("when the example is audited, then no check crashes and nothing is reported as unreadable", () => {
    const { report } = audited();
    expect(report.notes).toEqual([]);
    const gaps = report.findings.filter((f) => f.status === "unknown" && f.message.startsWith("cannot judge:"));
    expect(gaps.map((f) => `${f.checkId}: ${f.message}`)).toEqual([]);
    expect(report.platform.name).toBe("kubeadm");
  });

  it("when the example is audited, then failures span at least 8 categories", () => {
    const { report } = audited();
    const categories = [...new Set(report.findings.filter((f) => f.status === "fail").map((f) => f.category))].sort();
    expect(categories.length, `failing categories: ${categories.join(", ")}`).toBeGreaterThanOrEqual(8);
  });

  it("when the example is audited, then well-configured objects pass", () => {
    const { report } = audited();
    expect(report.summary.byStatus.pass).toBeGreaterThan(0);
    const paymentsApi = report.findings.filter(
      (f) => f.resource.kind === "Deployment" && f.resource.namespace === "payments" && f.resource.name === "payments-api",
    );
    expect(paymentsApi.some((f) => f.status === "pass")).toBe(true);
    expect(report.score).not.toBeNull();
  });

  it("when a node's configz was forbidden, then its kubelet checks say unknown, never pass", () => {
    const { report } = audited();
    const onNode = report.findings.filter((f) => f.resource.kind === "Node" && f.resource.name === "k8s-wk-03" && f.category === "kubelet");
    expect(onNode.some((f) => f.status === "unknown"), "an unknown kubelet finding on k8s-wk-03").toBe(true);
    expect(onNode.filter((f) => f.status === "pass")).toEqual([]);
  });

  it("when workloads have ReplicaSets, Jobs and Pods, then findings attach to the owners only", () => {
    const { snapshot, report } = audited();
    const present = new Set(snapshot.objects.map(objectKey));
    const ownedByWorkload = new Set(
      snapshot.objects
        .filter((o) =>
          (o.metadata.ownerReferences ?? []).some((r) => isWorkloadKind(r.kind) && present.has(keyOf(r.kind, o.metadata.namespace, r.name))),
        )
        .map(objectKey),
    );
    expect(ownedByWorkload.size).toBeGreaterThan(10);
    const misattributed = report.findings
      .filter((f) => ownedByWorkload.has(keyOf(f.resource.kind, f.resource.namespace, f.resource.name)))
      .map((f) => `${f.checkId} on ${f.resource.kind}/${f.resource.name}`);
    expect(misattributed).toEqual([]);
    const failingKinds = new Set(report.findings.filter((f) => f.status === "fail").map((f) => f.resource.kind));
    expect([...failingKinds]).toEqual(expect.arrayContaining(["Deployment", "StatefulSet", "DaemonSet", "CronJob"]));
  });

  it("when the report is serialised, then no Secret value or planted credential appears in it", () => {
    const { snapshot, report } = audited();
    const sensitive: string[] = [];
    for (const o of snapshot.objects) {
      if (o.kind === "Secret") {
        for (const v of Object.values((o["data"] as Record<string, string> | undefined) ?? {})) {
          sensitive.push(v, Buffer.from(v, "base64").toString("utf8"));
        }
        for (const v of Object.values((o["stringData"] as Record<string, string> | undefined) ?? {})) sensitive.push(v);
      }
    }
    const credentialName = /password|secret|token/i;
    for (const o of snapshot.objects) {
      if (o.kind !== "ConfigMap") continue;
      for (const [k, v] of Object.entries((o["data"] as Record<string, string> | undefined) ?? {})) if (credentialName.test(k)) sensitive.push(v);
    }
    const cart = snapshot.objects.find((o) => o.kind === "Deployment" && o.metadata.name === "cart");
    const env = (cart?.["spec"] as { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } }).template.spec.containers[0]?.env ?? [];
    for (const e of env) if (credentialName.test(e.name) && e.value) sensitive.push(e.value);
    // Planted values: every Secret key, the SMTP password in a ConfigMap, the Redis password in an env var.
    expect(sensitive.length).toBeGreaterThan(40);

    const json = JSON.stringify(report);
    expect(sensitive.filter((s) => json.includes(s))).toEqual([]);
  });
});
