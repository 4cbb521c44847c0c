import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import type { ClusterSnapshot, KubeletConfigEntry, KubeObject } from "../../snapshot/types.js";
import type { CheckDefinition } from "../types.js";
import { kubeletChecks } from "./index.js";
import { durationSeconds } from "./kubelet-rule.js";

const check = (id: string): CheckDefinition => {
  const c = kubeletChecks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

const node = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Node", metadata: { name } });

const kubeletPod = (command: string[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "kubelet", namespace: "kube-system" },
  spec: { containers: [{ name: "kubelet", command }] },
});

function snapshot(objects: KubeObject[], kubeletConfigs: Record<string, KubeletConfigEntry>, type: ClusterSnapshot["source"]["type"] = "live"): ClusterSnapshot {
  return {
    schemaVersion: 1,
    source: { type, description: "test", capturedAt: "2026-06-01T00:00:00Z" },
    objects,
    kubeletConfigs,
    visibility: {},
    complete: type !== "files",
    notes: [],
  };
}

const audit = (id: string, snap: ClusterSnapshot) =>
  runAudit(snap, { environment: "test", checks: [check(id)], includePassed: true, clock: () => new Date("2026-06-01T00:00:00Z") }).findings.map(
    (f) => `${f.status} ${f.resource.kind}/${f.resource.name}: ${f.message}`,
  );

describe("kubelet rules over /configz", () => {
  it("when configz was refused for a node, then that node is unknown and the others are judged", () => {
    const out = audit(
      "kubelet-anonymous-auth-disabled",
      snapshot([node("a"), node("b")], {
        a: { state: "forbidden", reason: "nodes/proxy is not granted" },
        b: { state: "listed", config: { authentication: { anonymous: { enabled: false } } } },
      }),
    );
    expect(out).toEqual([
      "unknown Node/a: cannot read the kubelet configuration (forbidden: nodes/proxy is not granted)",
      "pass Node/b: kubelet: authentication.anonymous.enabled=false",
    ]);
  });

  it("when a live cluster has nodes but no configz at all, then one cluster-level unknown says why", () => {
    expect(audit("kubelet-read-only-port-disabled", snapshot([node("a")], {}))).toEqual([
      "unknown Cluster/cluster: kubelet configuration was not collected: reading /configz needs get on nodes/proxy",
    ]);
  });

  it("when loose files carry no configz, then the kubelet rules say nothing", () => {
    expect(audit("kubelet-read-only-port-disabled", snapshot([node("a")], {}, "files"))).toEqual([]);
  });

  it("when some nodes have configz and one has none, then the missing one is unknown", () => {
    const out = audit("kubelet-read-only-port-disabled", snapshot([node("a"), node("b")], { a: { state: "listed", config: {} } }));
    expect(out).toEqual([expect.stringMatching(/^pass Node\/a/), "unknown Node/b: no /configz was collected for this node"]);
  });

  it("when a virtual node serves no configz, then it is not applicable", () => {
    expect(audit("kubelet-seccomp-default", snapshot([node("fargate-1")], { "fargate-1": { state: "absent" } }))[0]).toMatch(/^not_applicable Node\/fargate-1/);
  });

  it("when configz omits a zero-valued field, then the zero value is judged", () => {
    const out = audit("kubelet-read-only-port-disabled", snapshot([node("a")], { a: { state: "listed", config: { authentication: {} } } }));
    expect(out[0]).toBe("pass Node/a: kubelet: readOnlyPort=0 (omitted from /configz)");
  });

  it("when the serving certificate comes from TLS bootstrap or from files, then either passes", () => {
    const cfg = (config: Record<string, unknown>) => audit("kubelet-serving-certificate", snapshot([node("a")], { a: { state: "listed", config } }))[0];
    expect(cfg({ serverTLSBootstrap: true })).toMatch(/^pass/);
    expect(cfg({ tlsCertFile: "/p/k.crt", tlsPrivateKeyFile: "/p/k.key" })).toMatch(/^pass/);
    expect(cfg({ tlsCertFile: "/p/k.crt" })).toMatch(/^fail/);
  });
});

describe("kubelet rules over pod-run kubelets", () => {
  it("when a kubelet pod sets no flag and no --config, then the binary default is judged on the pod", () => {
    expect(audit("kubelet-anonymous-auth-disabled", snapshot([kubeletPod(["kubelet"])], {}, "files"))).toEqual([
      "fail Pod/kubelet: kubelet: --anonymous-auth defaults to true",
    ]);
  });

  it("when a kubelet pod reads --config, then an absent flag is unknown rather than the binary default", () => {
    const [f] = audit("kubelet-anonymous-auth-disabled", snapshot([kubeletPod(["kubelet", "--config=/var/lib/kubelet/config.yaml"])], {}, "files"));
    expect(f).toMatch(/^unknown Pod\/kubelet: .*--config=\/var\/lib\/kubelet\/config.yaml/);
  });

  it("when the authorization mode is anything but AlwaysAllow, then it passes", () => {
    expect(audit("kubelet-authorization-not-always-allow", snapshot([kubeletPod(["kubelet", "--authorization-mode=Webhook"])], {}, "files"))[0]).toMatch(/^pass/);
  });

  it("when a feature gate list disables server certificate rotation among others, then the gate is found", () => {
    const out = audit("kubelet-server-cert-rotation-gate", snapshot([kubeletPod(["kubelet", "--feature-gates=Foo=true,RotateKubeletServerCertificate=false"])], {}, "files"));
    expect(out[0]).toMatch(/^fail .*RotateKubeletServerCertificate=false/);
  });
});

describe("durationSeconds", () => {
  it("when Go durations are given, then they convert to seconds and junk is rejected", () => {
    expect(durationSeconds("4h0m0s")).toBe(14400);
    expect(durationSeconds("5m")).toBe(300);
    expect(durationSeconds("1.5s")).toBe(1.5);
    expect(durationSeconds("0")).toBe(0);
    expect(durationSeconds("0s")).toBe(0);
    expect(durationSeconds("forever")).toBeUndefined();
  });
});
