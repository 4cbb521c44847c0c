import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runAudit } from "../../audit/engine.js";
import { parseFlags } from "../../snapshot/control-plane.js";
import type { ClusterSnapshot, KubeObject } from "../../snapshot/types.js";
import type { CheckDefinition } from "../types.js";
import { evaluateFlagTest, type FlagTest } from "./flag-rule.js";
import { mirrorPodYaml } from "./generate.js";
import { controlPlaneChecks } from "./index.js";

const check = (id: string): CheckDefinition => {
  const c = controlPlaneChecks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

const pod = (component: "kube-apiserver" | "etcd" | "kube-scheduler" | "kube-controller-manager", argv: string[]) =>
  parse(mirrorPodYaml(component, argv)) as KubeObject;

function snapshot(objects: KubeObject[], extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    schemaVersion: 1,
    source: { type: "snapshot", description: "test", capturedAt: "2026-06-01T00:00:00Z" },
    objects,
    kubeletConfigs: {},
    visibility: {},
    complete: true,
    notes: [],
    ...extra,
  };
}

function audit(id: string, snap: ClusterSnapshot) {
  return runAudit(snap, { environment: "test", checks: [check(id)], includePassed: true, clock: () => new Date("2026-06-01T00:00:00Z") }).findings.map((f) => ({
    status: f.status,
    kind: f.resource.kind,
    name: f.resource.name,
    message: f.message,
  }));
}

const node = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "Node", metadata: { name, labels } });

describe("flag rule applicability", () => {
  it("when the control plane is managed, then each rule gives one not_applicable naming the provider", () => {
    const findings = audit("apiserver-anonymous-auth-disabled", snapshot([node("n1", { "eks.amazonaws.com/nodegroup": "ng" })], { version: { gitVersion: "v1.33.4-eks-1" } }));
    expect(findings).toEqual([
      expect.objectContaining({ status: "not_applicable", kind: "Cluster", message: expect.stringContaining("Amazon EKS manages the kube-apiserver") }),
    ]);
  });

  it("when loose files hold no pod of the component, then the rule says nothing", () => {
    const files = snapshot([pod("etcd", ["--client-cert-auth=true"])], { source: { type: "files", description: "f", capturedAt: "x" }, complete: false });
    expect(audit("apiserver-profiling-disabled", files)).toEqual([]);
  });

  it("when a live cluster shows no pod of the component, then the rule is unknown, not pass", () => {
    const [f] = audit("etcd-client-cert-auth", snapshot([pod("kube-apiserver", [])]));
    expect(f).toMatchObject({ status: "unknown", kind: "Cluster" });
    expect(f?.message).toContain("no etcd mirror pod visible in kube-system");
  });

  it("when k3s embeds the control plane, then the unknown explains where the flags live", () => {
    const [f] = audit("apiserver-profiling-disabled", snapshot([node("k3s-1", {})], { version: { gitVersion: "v1.31.2+k3s1" } }));
    expect(f?.status).toBe("unknown");
    expect(f?.message).toContain("/etc/rancher/k3s/config.yaml");
  });

  it("when pods are forbidden to the auditor, then the rule is unknown", () => {
    const [f] = audit("apiserver-profiling-disabled", snapshot([], { visibility: { Pod: { state: "forbidden" } } }));
    expect(f).toMatchObject({ status: "unknown", message: expect.stringContaining("forbidden") });
  });

  it("when several API servers run, then each mirror pod gets its own result", () => {
    const a = pod("kube-apiserver", ["--profiling=false"]);
    const b = parse(mirrorPodYaml("kube-apiserver", [], "cp-2")) as KubeObject;
    expect(audit("apiserver-profiling-disabled", snapshot([a, b])).map((f) => `${f.status} ${f.name}`)).toEqual([
      "pass kube-apiserver-cp-1",
      "fail kube-apiserver-cp-2",
    ]);
  });
});

describe("host-only settings", () => {
  it("when the scheduler reads --config and sets no --profiling, then profiling is unknown", () => {
    const [f] = audit("scheduler-profiling-disabled", snapshot([pod("kube-scheduler", ["--config=/etc/kubernetes/scheduler.conf"])]));
    expect(f?.status).toBe("unknown");
    expect(f?.message).toContain("--config=/etc/kubernetes/scheduler.conf");
  });

  it("when the scheduler sets --profiling=true next to --config, then the flag decides and it fails", () => {
    const [f] = audit("scheduler-profiling-disabled", snapshot([pod("kube-scheduler", ["--config=/c.yaml", "--profiling=true"])]));
    expect(f?.status).toBe("fail");
  });

  it("when etcd uses --config-file, then every etcd rule is unknown because etcd ignores its other flags", () => {
    const [f] = audit("etcd-client-cert-auth", snapshot([pod("etcd", ["--config-file=/etc/etcd/etcd.yaml", "--client-cert-auth=true"])]));
    expect(f?.status).toBe("unknown");
  });

  it("when authorization comes from --authorization-config, then the authorizer rules are unknown", () => {
    const [f] = audit("apiserver-authorization-rbac", snapshot([pod("kube-apiserver", ["--authorization-config=/etc/kubernetes/authz.yaml"])]));
    expect(f?.status).toBe("unknown");
  });

  it("when OpenShift renders the API server config into a file, then absent flags are unknown, not defaults", () => {
    const openshift = parse(
      mirrorPodYaml("kube-apiserver", []).replace(
        "- kube-apiserver\n",
        "- /bin/bash\n        - -ec\n        - exec hyperkube kube-apiserver --openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml -v=2\n",
      ),
    ) as KubeObject;
    expect(JSON.stringify(openshift)).toContain("hyperkube");
    const [f] = audit("apiserver-anonymous-auth-disabled", snapshot([openshift]));
    expect(f?.status).toBe("unknown");
    expect(f?.message).toContain("--openshift-config=");
  });

  it("when encryption at rest is configured, then the message says the file content is host-only", () => {
    const [f] = audit("apiserver-encryption-provider-config", snapshot([pod("kube-apiserver", ["--encryption-provider-config=/etc/enc.yaml"])]));
    expect(f?.status).toBe("pass");
    expect(f?.message).toContain("only be verified on the control-plane host");
  });

  it("when no audit log file is written, then the rotation rules do not apply", () => {
    const [f] = audit("apiserver-audit-log-maxage", snapshot([pod("kube-apiserver", ["--audit-log-path=-", "--audit-log-maxage=1"])]));
    expect(f?.status).toBe("not_applicable");
  });
});

describe("evaluateFlagTest", () => {
  const status = (test: FlagTest, argv: string[]) => evaluateFlagTest(test, parseFlags(argv)).status;

  it("when a flag is absent, then its documented default is judged", () => {
    const t: FlagTest = { op: "eq", flag: "anonymous-auth", value: "false", default: "true" };
    expect(status(t, [])).toBe("fail");
    expect(status(t, ["--anonymous-auth=False"])).toBe("pass");
  });

  it("when a list flag names a value among others, then contains and notContains see it", () => {
    expect(status({ op: "contains", flag: "authorization-mode", value: "Node" }, ["--authorization-mode=RBAC,Node"])).toBe("pass");
    expect(status({ op: "notContains", flag: "authorization-mode", value: "AlwaysAllow", default: ["AlwaysAllow"] }, [])).toBe("fail");
  });

  it("when numbers are compared, then non-numeric values fail", () => {
    const t: FlagTest = { op: "gte", flag: "audit-log-maxage", value: 30 };
    expect(status(t, ["--audit-log-maxage=30"])).toBe("pass");
    expect(status(t, ["--audit-log-maxage=thirty"])).toBe("fail");
  });

  it("when admission plugins are enabled and disabled, then disable wins and the legacy flag replaces the defaults", () => {
    const ps: FlagTest = { op: "pluginEnabled", plugin: "PodSecurity" };
    expect(status(ps, [])).toBe("pass");
    expect(status(ps, ["--enable-admission-plugins=PodSecurity", "--disable-admission-plugins=PodSecurity"])).toBe("fail");
    expect(status(ps, ["--admission-control=NamespaceLifecycle,ServiceAccount"])).toBe("fail");
    expect(status({ op: "pluginNotEnabled", plugin: "AlwaysAdmit" }, ["--admission-control=AlwaysAdmit"])).toBe("fail");
  });

  it("when etcd URLs mix schemes, then any plain http fails", () => {
    const t: FlagTest = { op: "httpsUrls", flag: "etcd-servers" };
    expect(status(t, ["--etcd-servers=https://a:2379,HTTPS://b:2379"])).toBe("pass");
    expect(status(t, ["--etcd-servers=unix:///run/kine.sock"])).toBe("pass");
    expect(status(t, ["--etcd-servers=https://a:2379", "--etcd-servers=http://b:2379"])).toBe("fail");
    expect(status(t, [])).toBe("fail");
  });

  it("when any/all combine tests, then all needs every part and any needs one", () => {
    const both: FlagTest = { all: [{ op: "set", flag: "a" }, { op: "set", flag: "b" }] };
    const either: FlagTest = { any: [{ op: "set", flag: "a" }, { op: "set", flag: "b" }] };
    expect(status(both, ["--a=1"])).toBe("fail");
    expect(status(either, ["--a=1"])).toBe("pass");
    expect(status(either, [])).toBe("fail");
  });
});

describe("generated catalog", () => {
  it("when the tables are generated, then every rule has pass and fail examples and peer ids in both Trivy spellings", () => {
    for (const c of controlPlaneChecks) {
      expect(c.fixtures?.pass.length, c.id).toBeGreaterThan(0);
      expect(c.fixtures?.fail.length, c.id).toBeGreaterThan(0);
      const trivy = c.references.trivy ?? [];
      for (const t of trivy.filter((x) => x.includes("-"))) expect(trivy, c.id).toContain(t.replace("-", ""));
    }
  });
});
