import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import type { PodSpec } from "../../snapshot/k8s-types.js";
import type { ClusterSnapshot, KubeObject } from "../../snapshot/types.js";
import { controlPlaneNodeTaint } from "./control-plane-node-taint.js";
import { workloadOnControlPlane } from "./workload-on-control-plane.js";
import type { CheckDefinition } from "../types.js";

const node = (name: string, labels: Record<string, string>, taints: { key: string; effect: string }[] = []): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels },
  spec: { taints },
});

const cp = (name: string, taints: { key: string; effect: string }[] = []) => node(name, { "node-role.kubernetes.io/control-plane": "" }, taints);

const bare = (name: string, namespace: string, spec: Partial<PodSpec>, extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, ...extra },
  spec: { containers: [{ name: "app", image: "registry.example.com/app:1.0.0" }], ...spec },
});

const snapshot = (objects: KubeObject[]): ClusterSnapshot => ({
  schemaVersion: 1,
  source: { type: "live", description: "test", capturedAt: "2026-06-01T00:00:00Z" },
  objects,
  kubeletConfigs: {},
  visibility: {},
  complete: true,
  notes: [],
});

const audit = (check: CheckDefinition, objects: KubeObject[]) =>
  runAudit(snapshot(objects), { environment: "test", checks: [check], includePassed: true, clock: () => new Date("2026-06-01T00:00:00Z") }).findings.map(
    (f) => `${f.status} ${f.resource.kind}/${f.resource.name}: ${f.message}`,
  );

describe("control-plane-node-taint", () => {
  it("when the cluster has only control-plane nodes, then the taint is not applicable", () => {
    expect(audit(controlPlaneNodeTaint, [cp("minikube")])[0]).toMatch(/^not_applicable Node\/minikube: single-role cluster/);
  });

  it("when a legacy master node carries the master NoExecute taint, then it passes", () => {
    const master = node("m1", { "node-role.kubernetes.io/master": "" }, [{ key: "node-role.kubernetes.io/master", effect: "NoExecute" }]);
    expect(audit(controlPlaneNodeTaint, [master, node("w1", {})])).toEqual(["pass Node/m1: tainted node-role.kubernetes.io/master:NoExecute"]);
  });

  it("when the control-plane taint is only PreferNoSchedule, then it fails", () => {
    const out = audit(controlPlaneNodeTaint, [cp("cp-1", [{ key: "node-role.kubernetes.io/control-plane", effect: "PreferNoSchedule" }]), node("w1", {})]);
    expect(out[0]).toMatch(/^fail Node\/cp-1/);
  });
});

describe("workload-on-control-plane", () => {
  const nodes = [cp("cp-1", [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]), node("w1", {})];

  it("when a user pod was scheduled onto a control-plane node, then it fails naming the node", () => {
    const out = audit(workloadOnControlPlane, [...nodes, bare("report", "analytics", { nodeName: "cp-1" })]);
    expect(out).toEqual(["fail Pod/report: runs on control-plane node cp-1"]);
  });

  it("when required node affinity selects control-plane nodes, then it fails", () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] }],
        },
      },
    };
    expect(audit(workloadOnControlPlane, [...nodes, bare("pinned", "analytics", { affinity })])[0]).toMatch(/^fail .*node affinity requires/);
  });

  it("when a toleration has another key or only PreferNoSchedule, then it passes", () => {
    const out = audit(workloadOnControlPlane, [
      ...nodes,
      bare("a", "shop", { tolerations: [{ key: "dedicated", operator: "Exists", effect: "NoSchedule" }], nodeName: "w1" }),
      bare("b", "shop", { tolerations: [{ operator: "Exists", effect: "PreferNoSchedule" }] }),
    ]);
    expect(out.every((l) => l.startsWith("pass"))).toBe(true);
    expect(out).toHaveLength(2);
  });

  it("when system namespaces or mirror pods tolerate everything, then they are exempt", () => {
    const out = audit(workloadOnControlPlane, [
      ...nodes,
      bare("agent", "kube-system", { tolerations: [{ operator: "Exists" }] }),
      bare("static", "ops", { tolerations: [{ operator: "Exists" }] }, { annotations: { "kubernetes.io/config.mirror": "x" } }),
    ]);
    expect(out).toEqual(["pass Pod/static: does not target control-plane nodes"]);
  });

  it("when nodes are forbidden, then tolerations are still judged", () => {
    const snap = snapshot([bare("t", "shop", { tolerations: [{ key: "node-role.kubernetes.io/master", operator: "Exists" }] })]);
    snap.visibility = { Node: { state: "forbidden" } };
    const out = runAudit(snap, { environment: "test", checks: [workloadOnControlPlane], includePassed: true }).findings.map((f) => f.status);
    expect(out).toEqual(["fail"]);
  });
});
