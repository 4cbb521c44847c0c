import { describe, expect, it } from "vitest";
import {
  binaryOfContainer,
  componentInstances,
  componentOfPod,
  containerArgv,
  flagsOfContainer,
  flagsOfPod,
  parseFlags,
  shellCommands,
} from "./control-plane.js";
import { indexSnapshot } from "./index.js";
import type { Container } from "./k8s-types.js";
import type { ClusterSnapshot, KubeObject } from "./types.js";

const pod = (name: string, namespace: string, containers: Container[], labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, labels },
  spec: { containers },
});

const snapshotOf = (objects: KubeObject[]): ClusterSnapshot => ({
  schemaVersion: 1,
  source: { type: "files", description: "test", capturedAt: "2026-01-01T00:00:00Z" },
  objects,
  kubeletConfigs: {},
  visibility: {},
  complete: false,
  notes: [],
});

describe("parseFlags", () => {
  it("when flags use --flag=value and --flag value, then both are read", () => {
    const f = parseFlags(["--etcd-servers=https://10.0.0.1:2379", "--secure-port", "6443", "-v=2"]);
    expect(f.get("etcd-servers")).toBe("https://10.0.0.1:2379");
    expect(f.get("secure-port")).toBe("6443");
    expect(f.get("v")).toBe("2");
  });

  it("when a list flag repeats, then set() merges every occurrence and get() keeps the last", () => {
    const f = parseFlags(["--enable-admission-plugins=NodeRestriction,EventRateLimit", "--enable-admission-plugins", "AlwaysPullImages"]);
    expect([...f.set("enable-admission-plugins")].sort()).toEqual(["AlwaysPullImages", "EventRateLimit", "NodeRestriction"]);
    expect(f.get("enable-admission-plugins")).toBe("AlwaysPullImages");
  });

  it("when a boolean flag is followed by a word, then the word is not taken as its value (Go pflag semantics)", () => {
    const f = parseFlags(["--profiling", "false", "--anonymous-auth"]);
    expect(f.get("profiling")).toBe("true");
    expect(f.get("anonymous-auth")).toBe("true");
  });

  it("when a value flag is last or followed by a flag, then it records true", () => {
    const f = parseFlags(["--audit-log-path", "--v=2"]);
    expect(f.get("audit-log-path")).toBe("true");
  });

  it("when -- ends the flags, then later words are not flags", () => {
    expect(parseFlags(["--a=1", "--", "--b=2"]).has("b")).toBe(false);
  });
});

describe("containerArgv", () => {
  it("when flags are split between command and args, then they are read in order", () => {
    const argv = containerArgv({ name: "kube-apiserver", command: ["kube-apiserver"], args: ["--profiling=false"] });
    expect(argv).toEqual(["kube-apiserver", "--profiling=false"]);
  });

  it("when one list item holds several flags, then they are split", () => {
    const argv = containerArgv({ name: "x", command: ["kube-apiserver", "--tls-private-key-file=/k --token-auth-file=/t"] });
    expect(parseFlags(argv.slice(1)).get("token-auth-file")).toBe("/t");
  });

  it("when the component runs under sh -c, then the script's command is unwrapped", () => {
    const c: Container = {
      name: "apiserver",
      command: ["/bin/sh", "-ec"],
      args: ["echo starting; exec /usr/local/bin/kube-apiserver --authorization-mode='Node,RBAC' \\\n  --profiling=false \"$@\"", "sh", "--v=2"],
    };
    expect(binaryOfContainer(c)).toBe("kube-apiserver");
    const f = flagsOfContainer(c);
    expect(f.get("authorization-mode")).toBe("Node,RBAC");
    expect(f.get("profiling")).toBe("false");
    expect(f.get("v")).toBe("2");
  });

  it("when an argument references $(VAR), then a literal env value is substituted", () => {
    const c: Container = { name: "etcd", command: ["etcd", "--name=$(NODE)"], env: [{ name: "NODE", value: "cp-1" }] };
    expect(flagsOfContainer(c).get("name")).toBe("cp-1");
  });

  it("when shell words use quotes and comments, then they split like a shell would", () => {
    expect(shellCommands(`set -e # comment\nexec etcd --name "a b" --x='c;d' && true`)).toEqual([
      ["set", "-e"],
      ["exec", "etcd", "--name", "a b", "--x=c;d"],
      ["true"],
    ]);
  });
});

describe("component detection", () => {
  it("when the binary and the component label disagree, then the binary decides", () => {
    const p = pod("kube-apiserver", "kube-system", [{ name: "kube-apiserver", command: ["etcd", "--peer-cert-file=p.pem"] }], {
      component: "kube-apiserver",
    });
    expect(componentOfPod(p)).toBe("etcd");
    expect(flagsOfPod(p, "etcd").get("peer-cert-file")).toBe("p.pem");
  });

  it("when a container has no command, then its image, name or label names the component", () => {
    expect(binaryOfContainer({ name: "main", image: "registry.k8s.io/kube-scheduler:v1.33.4", args: ["--v=2"] })).toBe("kube-scheduler");
    expect(binaryOfContainer({ name: "kube-controller-manager", args: ["--profiling=false"] })).toBe("kube-controller-manager");
    expect(binaryOfContainer({ name: "main", args: [] }, { component: "etcd" })).toBe("etcd");
  });

  it("when a command runs something else, then labels do not turn it into a component", () => {
    expect(binaryOfContainer({ name: "kube-apiserver", command: ["/entrypoint.sh"] }, { component: "kube-apiserver" })).toBeUndefined();
  });

  it("when hyperkube dispatches, then its subcommand names the component", () => {
    const c: Container = { name: "apiserver", command: ["/hyperkube", "apiserver", "--anonymous-auth=false"] };
    expect(binaryOfContainer(c)).toBe("kube-apiserver");
    expect(flagsOfContainer(c).get("anonymous-auth")).toBe("false");
  });

  it("when etcd is configured by ETCD_ variables, then they count as flags and real flags win", () => {
    const c: Container = {
      name: "etcd",
      command: ["etcd", "--client-cert-auth=true"],
      env: [
        { name: "ETCD_CLIENT_CERT_AUTH", value: "false" },
        { name: "ETCD_PEER_AUTO_TLS", value: "true" },
      ],
    };
    const f = flagsOfContainer(c, "etcd");
    expect(f.get("client-cert-auth")).toBe("true");
    expect(f.get("peer-auto-tls")).toBe("true");
  });
});

describe("componentInstances", () => {
  it("when etcd runs as an application database, then only the cluster's etcd counts", () => {
    const index = indexSnapshot(
      snapshotOf([
        pod("etcd-cp-1", "kube-system", [{ name: "etcd", command: ["etcd"] }]),
        pod("apisix-etcd-0", "apisix", [{ name: "etcd", command: ["etcd"] }]),
        pod("kube-apiserver", "tenant-a", [{ name: "apiserver", command: ["kube-apiserver"] }]),
        pod("etcd-0", "tenant-a", [{ name: "etcd", command: ["etcd"] }]),
      ]),
    );
    const etcd = componentInstances(index).get("etcd") ?? [];
    expect(etcd.map((i) => `${i.workload.namespace}/${i.workload.name}`).sort()).toEqual(["kube-system/etcd-cp-1", "tenant-a/etcd-0"]);
    expect(componentInstances(index).get("kube-apiserver")?.[0]?.workload.namespace).toBe("tenant-a");
  });

  it("when a self-hosted API server runs as a Deployment, then the Deployment is the instance", () => {
    const deployment: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "kube-apiserver" },
      spec: { template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "a", command: ["kube-apiserver", "--insecure-port=80"] }] } } },
    };
    const index = indexSnapshot(snapshotOf([deployment]));
    const [instance] = componentInstances(index).get("kube-apiserver") ?? [];
    expect(instance?.workload.kind).toBe("Deployment");
    expect(instance?.flags.get("insecure-port")).toBe("80");
  });

  it("when asked twice for one index, then the same result is reused", () => {
    const index = indexSnapshot(snapshotOf([pod("etcd-cp-1", "kube-system", [{ name: "etcd", command: ["etcd"] }])]));
    expect(componentInstances(index)).toBe(componentInstances(index));
  });
});
