import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import type { ClusterSnapshot, KubeObject } from "../../snapshot/types.js";
import type { CheckDefinition } from "../types.js";
import { EOL_TABLE_COMPILED_ON, kubernetesSupport, tableAgeNote } from "./eol-table.js";
import { versionChecks } from "./index.js";
import { parseVersion } from "./semver.js";
import { isVendorKernel, isVendorRuntime } from "./vulnerable-versions.js";

const check = (id: string): CheckDefinition => {
  const c = versionChecks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

interface NodeInfo {
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  kernelVersion?: string;
  operatingSystem?: string;
}

const node = (name: string, nodeInfo: NodeInfo, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels },
  status: { nodeInfo: { operatingSystem: "linux", ...nodeInfo } },
});

function snapshot(objects: KubeObject[], gitVersion?: string): ClusterSnapshot {
  return {
    schemaVersion: 1,
    source: { type: gitVersion ? "live" : "files", description: "test", capturedAt: "2026-06-01T00:00:00Z" },
    objects,
    kubeletConfigs: {},
    visibility: {},
    complete: Boolean(gitVersion),
    notes: [],
    ...(gitVersion ? { version: { gitVersion } } : {}),
  };
}

const audit = (id: string, snap: ClusterSnapshot, now = "2026-06-01T00:00:00Z") =>
  runAudit(snap, { environment: "test", checks: [check(id)], includePassed: true, clock: () => new Date(now) }).findings.map(
    (f) => `${f.status} ${f.resource.kind}/${f.resource.name}: ${f.message}`,
  );

describe("end-of-life table", () => {
  const v = (s: string) => parseVersion(s)!;

  it("when the day is the end-of-life date, then the release is still supported, and not the day after", () => {
    expect(kubernetesSupport(v("v1.33.1"), new Date("2026-06-28T12:00:00Z")).state).toBe("supported");
    expect(kubernetesSupport(v("v1.33.1"), new Date("2026-06-29T00:00:01Z")).state).toBe("end-of-life");
  });

  it("when a release is older or newer than the table, then old is end of life and new is not judged stale", () => {
    expect(kubernetesSupport(v("v1.8.15"), new Date("2026-01-01")).state).toBe("end-of-life");
    expect(kubernetesSupport(v("v1.40.0"), new Date("2026-01-01")).state).toBe("newer-than-table");
  });

  it("when the table is more than half a year old, then messages say so", () => {
    expect(tableAgeNote(new Date(`${EOL_TABLE_COMPILED_ON}T00:00:00Z`))).toBe("");
    expect(tableAgeNote(new Date("2028-01-01T00:00:00Z"))).toContain(EOL_TABLE_COMPILED_ON);
  });
});

describe("kubernetes-version-supported", () => {
  it("when the API server runs an end-of-life minor on a managed platform, then it fails and mentions extended support", () => {
    const out = audit("kubernetes-version-supported", snapshot([node("n", { kubeletVersion: "v1.29.1-eks-1" }, { "eks.amazonaws.com/nodegroup": "a" })], "v1.29.10-eks-7f9249a"));
    expect(out[0]).toMatch(/^fail Cluster\/cluster: API server v1\.29\.10-eks-7f9249a: Kubernetes 1\.29 reached upstream end of life on 2025-02-28/);
    expect(out[0]).toContain("Amazon EKS may offer extended support");
  });

  it("when the source has no /version, then the check says nothing", () => {
    expect(audit("kubernetes-version-supported", snapshot([]))).toEqual([]);
  });

  it("when the version cannot be parsed, then it is unknown", () => {
    expect(audit("kubernetes-version-supported", snapshot([], "master-dirty"))[0]).toMatch(/^unknown/);
  });
});

describe("kubelet-version-skew", () => {
  const cluster = (api: string, kubelet: string) => snapshot([node("n1", { kubeletVersion: kubelet })], api);

  it("when a kubelet trails by three minors on 1.28+, then it passes; by four it fails", () => {
    expect(audit("kubelet-version-skew", cluster("v1.34.1", "v1.31.9"))[0]).toMatch(/^pass/);
    expect(audit("kubelet-version-skew", cluster("v1.34.1", "v1.30.9"))[0]).toMatch(/^fail .*4 minors behind, more than the supported 3/);
  });

  it("when the API server is older than 1.28, then only two minors of skew are allowed", () => {
    expect(audit("kubelet-version-skew", cluster("v1.27.3", "v1.24.17"))[0]).toMatch(/^fail .*supported 2/);
  });

  it("when a kubelet is newer than the API server, then it fails", () => {
    expect(audit("kubelet-version-skew", cluster("v1.33.0", "v1.34.0"))[0]).toMatch(/^fail .*newer than the API server/);
  });

  it("when there is no API server version, then skew is not judged", () => {
    expect(audit("kubelet-version-skew", snapshot([node("n1", { kubeletVersion: "v1.20.0" })]))).toEqual([]);
  });
});

describe("kubelet checks", () => {
  it("when a node reports no kubelet version or one that cannot be read, then both kubelet checks say unknown, never pass", () => {
    const snap = snapshot([node("bare", {}), node("odd", { kubeletVersion: "vNext" })], "v1.31.2");
    for (const id of ["kubelet-version-skew", "kubelet-version-supported"]) {
      expect(audit(id, snap), id).toEqual([
        "unknown Node/bare: the node reports no kubelet version",
        'unknown Node/odd: cannot read kubelet version "vNext"',
      ]);
    }
  });
});

describe("container-runtime-vulnerable", () => {
  const runtime = (v: string) => audit("container-runtime-vulnerable", snapshot([node("n1", { containerRuntimeVersion: v })]))[0];

  it("when containerd sits just below a fix, then the CVE is named; at the fix it passes", () => {
    expect(runtime("containerd://1.6.0")).toMatch(/^fail .*CVE-2022-23648.*CVE-2023-25173.*CVE-2024-21626/);
    expect(runtime("containerd://1.7.12")).toMatch(/^fail .*CVE-2024-21626.*separately upgraded runc/);
    expect(runtime("containerd://1.7.13")).toMatch(/^pass/);
    expect(runtime("containerd://2.0.0")).toMatch(/^pass/);
  });

  it("when CRI-O is in a cr8escape line, then only unfixed patch levels fail", () => {
    expect(runtime("cri-o://1.22.2")).toMatch(/^fail .*CVE-2022-0811/);
    expect(runtime("cri-o://1.22.3")).toMatch(/^pass/);
    expect(runtime("cri-o://1.18.4")).toMatch(/^pass/);
  });

  it("when a distribution build sits in an affected line, then it is unknown, not a verdict", () => {
    expect(runtime("containerd://1.6.12-0ubuntu1~22.04.3")).toMatch(/^unknown .*vendor advisory/);
    expect(isVendorRuntime(parseVersion("1.7.0-rc.1")!)).toBe(false);
  });

  it("when the runtime has no vulnerability data, then it is not applicable", () => {
    expect(runtime("frakti://0.3.0")).toMatch(/^not_applicable/);
  });
});

describe("kernel-vulnerable", () => {
  const kernel = (v: string, os = "linux") => audit("kernel-vulnerable", snapshot([node("n1", { kernelVersion: v, operatingSystem: os })]))[0];

  it("when an upstream kernel is below the stable fix, then each CVE is named", () => {
    expect(kernel("5.10.90")).toMatch(/CVE-2022-0185.*CVE-2022-0847.*CVE-2024-1086/);
    expect(kernel("5.15.149")).toMatch(/^pass/);
    expect(kernel("6.8.12")).toMatch(/^pass/);
  });

  it("when a distribution kernel hides its patch level, then affected lines are unknown and clean lines pass", () => {
    expect(isVendorKernel(parseVersion("5.15.0-91-generic")!)).toBe(true);
    expect(isVendorKernel(parseVersion("5.10.205-195.807.amzn2.x86_64")!)).toBe(false);
    expect(kernel("5.15.0-91-generic")).toMatch(/^unknown .*CVE-2022-0185/);
    expect(kernel("6.8.0-1021-aws")).toMatch(/^pass/);
  });

  it("when the node runs Windows, then kernel CVEs do not apply", () => {
    expect(kernel("10.0.20348.2655", "windows")).toMatch(/^not_applicable/);
  });
});

describe("deprecated-api-version", () => {
  const deployment = (apiVersion: string, annotations: Record<string, string> = {}): KubeObject => ({
    apiVersion,
    kind: "Deployment",
    metadata: { name: "web", namespace: "shop", annotations },
    spec: {},
  });

  it("when a live object was applied with a removed version, then the last-applied annotation reveals it", () => {
    const applied = JSON.stringify({ apiVersion: "extensions/v1beta1", kind: "Deployment", metadata: { name: "web" } });
    const out = audit("deprecated-api-version", snapshot([deployment("apps/v1", { "kubectl.kubernetes.io/last-applied-configuration": applied })], "v1.31.0"));
    expect(out[0]).toMatch(/^fail Deployment\/web: extensions\/v1beta1 Deployment was removed in Kubernetes 1\.16 .*use apps\/v1/);
  });

  it("when the cluster predates the deprecation, then the old version still passes", () => {
    const cron: KubeObject = { apiVersion: "batch/v1beta1", kind: "CronJob", metadata: { name: "c", namespace: "x" }, spec: {} };
    expect(audit("deprecated-api-version", snapshot([cron], "v1.20.15"))[0]).toMatch(/^pass .*not yet deprecated/);
    expect(audit("deprecated-api-version", snapshot([cron], "v1.23.0"))[0]).toMatch(/^fail .*deprecated since Kubernetes 1\.21 and removed in 1\.25/);
  });

  it("when an object is owned by a controller, then it is skipped", () => {
    const rs: KubeObject = {
      apiVersion: "extensions/v1beta1",
      kind: "ReplicaSet",
      metadata: { name: "web-1", namespace: "shop", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", controller: true }] },
    };
    expect(audit("deprecated-api-version", snapshot([rs]))).toEqual([]);
  });
});
