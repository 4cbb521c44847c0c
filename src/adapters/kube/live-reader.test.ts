import { createServer, type Server, type Socket } from "node:net";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { InputError, NotAllowedError, UnavailableError } from "../../core/errors.js";
import type { KubeObject } from "../../core/snapshot/types.js";
import type { ReadProgress } from "../../ports/cluster-reader.js";
import { startFakeKubeApi, writeFakeKubeconfig, type FakeKubeApi, type FakeKubeApiOptions } from "../../../test/fakes/kube-api-server.js";
import { loadKubeConfig } from "./kube-config.js";
import { createLiveClusterReader, type LiveReaderOptions } from "./live-reader.js";
import { toBundle } from "./snapshot-bundle.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function fake(options: FakeKubeApiOptions): Promise<FakeKubeApi> {
  const f = await startFakeKubeApi(options);
  cleanups.push(() => f.close());
  return f;
}

function readerFor(f: { kubeconfigPath: string }, extra: Partial<LiveReaderOptions> = {}) {
  return createLiveClusterReader({ kubeconfigPath: f.kubeconfigPath, ...extra });
}

const pod = (namespace: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace },
  spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
  ...extra,
});
const node = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Node", metadata: { name } });
const configMap = (namespace: string, name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace },
  data: { mode: "x" },
});
const manyPods = (n: number) => Array.from({ length: n }, (_, i) => pod(`ns-${i % 7}`, `pod-${i}`));
const kinds = (...k: string[]) => new Set(k);

/** Something that accepts TCP connections and never answers. */
async function silentServer(): Promise<{ port: number }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  );
  return { port: (server.address() as { port: number }).port };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function kubeconfigFor(server: string, token: string, context = "prod-admin"): string {
  const written = writeFakeKubeconfig({ server, token, context });
  cleanups.push(() => rmSync(written.dir, { recursive: true, force: true }));
  return written.path;
}

describe("live cluster reader", () => {
  it("when 1,234 pods are listed with page size 100, then every pod is read exactly once over 13 pages", async () => {
    const f = await fake({ objects: manyPods(1234) });
    const snapshot = await readerFor(f, { pageSize: 100 }).readSnapshot({ kinds: kinds("Pod"), configz: false });

    const names = snapshot.objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names).toHaveLength(1234);
    expect(new Set(names).size).toBe(1234);
    // The typed PodList leaves kind and apiVersion off items; the reader puts them back.
    expect(snapshot.objects.every((o) => o.kind === "Pod" && o.apiVersion === "v1")).toBe(true);
    const pages = f.requests.filter((r) => r.path === "/api/v1/pods");
    expect(pages).toHaveLength(13);
    expect(pages.every((r) => r.query["limit"] === "100" && r.authorized)).toBe(true);
    expect(snapshot.visibility["Pod"]).toEqual({ state: "listed" });
    expect(snapshot.complete).toBe(true);
    expect(snapshot.source).toMatchObject({ type: "live", description: "context fake" });
    expect(snapshot.version).toEqual({ gitVersion: "v1.31.4", major: "1", minor: "31", platform: "linux/amd64" });
  });

  it("when Secrets are forbidden, then Secret is forbidden with the server's reason and the other kinds are still read", async () => {
    const f = await fake({
      objects: [pod("web", "a"), configMap("web", "settings")],
      forbiddenKinds: ["Secret"],
    });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Pod", "Secret", "ConfigMap"), configz: false });

    expect(snapshot.visibility["Secret"]?.state).toBe("forbidden");
    expect(snapshot.visibility["Secret"]?.reason).toContain('cannot list resource "secrets"');
    expect(snapshot.visibility["Pod"]?.state).toBe("listed");
    expect(snapshot.visibility["ConfigMap"]?.state).toBe("listed");
    expect(snapshot.objects.map((o) => o.kind).sort()).toEqual(["ConfigMap", "Pod"]);
    expect(snapshot.notes.join("\n")).toContain("not allowed to list: Secret");
  });

  it("when a kind's list answers 500, then that kind is an error with the reason and the read completes", async () => {
    const f = await fake({ objects: [pod("web", "a")], failingKinds: { ConfigMap: 500 } });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Pod", "ConfigMap"), configz: false });
    expect(snapshot.visibility["ConfigMap"]).toEqual({ state: "error", reason: "fake failure listing configmaps" });
    expect(snapshot.visibility["Pod"]?.state).toBe("listed");
  });

  it("when the API server throttles a kind with 429 and Retry-After, then the list is retried and read in full", async () => {
    const f = await fake({ objects: manyPods(120), throttledKinds: { Pod: 2 } });
    const snapshot = await readerFor(f, { pageSize: 100, maxRetryWaitMs: 20 }).readSnapshot({ kinds: kinds("Pod"), configz: false });
    expect(snapshot.visibility["Pod"]).toEqual({ state: "listed" });
    expect(snapshot.objects).toHaveLength(120);
    // Two throttled answers, then the two pages.
    expect(f.requests.filter((r) => r.path === "/api/v1/pods")).toHaveLength(4);
  });

  it("when the API server keeps throttling past the retries, then that kind is an error naming the throttling, never an empty list", async () => {
    const f = await fake({ objects: [pod("web", "a"), configMap("web", "settings")], throttledKinds: { Pod: 5 } });
    const snapshot = await readerFor(f, { retries: 2, maxRetryWaitMs: 5 }).readSnapshot({ kinds: kinds("Pod", "ConfigMap"), configz: false });
    expect(snapshot.visibility["Pod"]).toEqual({ state: "error", reason: "Too many requests, please try again later." });
    expect(f.requests.filter((r) => r.path === "/api/v1/pods")).toHaveLength(3);
    expect(snapshot.visibility["ConfigMap"]?.state).toBe("listed");
  });

  it("when a continue token expires, then the kind's list restarts from the first page and each object appears once", async () => {
    const f = await fake({ objects: manyPods(250), expireContinueOnce: ["Pod"] });
    const snapshot = await readerFor(f, { pageSize: 100 }).readSnapshot({ kinds: kinds("Pod"), configz: false });

    const names = snapshot.objects.map((o) => o.metadata.name);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
    expect(f.requests.filter((r) => r.path === "/api/v1/pods" && r.query["continue"] === undefined)).toHaveLength(2);
    expect(snapshot.visibility["Pod"]).toEqual({ state: "listed" });
    expect(snapshot.notes.join("\n")).toContain("Pod list was restarted 1 time");
  });

  it("when a continue token expires and no restart is allowed, then the kind is an error and none of its objects are kept", async () => {
    const f = await fake({ objects: manyPods(250), expireContinueOnce: ["Pod"] });
    const snapshot = await readerFor(f, { pageSize: 100, maxListRestarts: 0 }).readSnapshot({ kinds: kinds("Pod"), configz: false });
    expect(snapshot.visibility["Pod"]?.state).toBe("error");
    expect(snapshot.objects).toEqual([]);
  });

  it("when the Istio API is not served, then its kinds are absent and never requested", async () => {
    const f = await fake({ objects: [pod("web", "a")] });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Pod", "PeerAuthentication", "AuthorizationPolicy"), configz: false });

    expect(snapshot.visibility["PeerAuthentication"]?.state).toBe("absent");
    expect(snapshot.visibility["PeerAuthentication"]?.reason).toContain("security.istio.io");
    expect(snapshot.visibility["AuthorizationPolicy"]?.state).toBe("absent");
    expect(f.requests.some((r) => r.path.includes("istio"))).toBe(false);
  });

  it("when the cluster only serves security.istio.io/v1beta1, then PeerAuthentication is listed from v1beta1", async () => {
    const mtls: KubeObject = {
      apiVersion: "security.istio.io/v1beta1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: "istio-system" },
      spec: { mtls: { mode: "STRICT" } },
    };
    const f = await fake({ objects: [mtls] });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("PeerAuthentication"), configz: false });

    expect(snapshot.visibility["PeerAuthentication"]).toEqual({ state: "listed" });
    expect(snapshot.objects).toMatchObject([{ apiVersion: "security.istio.io/v1beta1", kind: "PeerAuthentication", spec: { mtls: { mode: "STRICT" } } }]);
    expect(f.requests.map((r) => r.path)).toContain("/apis/security.istio.io/v1beta1/peerauthentications");
  });

  it("when discovery fails, then kinds are listed at their preferred version and an unserved one reads as absent", async () => {
    const f = await fake({ objects: [pod("web", "a")], discoveryStatus: 503 });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Pod", "PeerAuthentication"), configz: false });

    expect(snapshot.visibility["Pod"]).toEqual({ state: "listed" });
    expect(snapshot.objects.map((o) => o.metadata.name)).toEqual(["a"]);
    expect(snapshot.visibility["PeerAuthentication"]?.state).toBe("absent");
    expect(snapshot.notes.join("\n")).toContain("API discovery failed");
  });

  it("when the reader is given a loaded KubeConfig for a named context, then it reads through that context", async () => {
    const f = await fake({ objects: [pod("web", "a")], context: "blue" });
    const reader = createLiveClusterReader({ kubeConfig: loadKubeConfig({ file: f.kubeconfigPath, context: "blue" }) });
    const snapshot = await reader.readSnapshot({ kinds: kinds("Pod"), configz: false });
    expect(snapshot.source.description).toBe("context blue");
    expect(snapshot.objects).toHaveLength(1);
  });

  it("when the named context is not in the kubeconfig, then creating the reader fails with InputError", async () => {
    const f = await fake({});
    expect(() => createLiveClusterReader({ kubeconfigPath: f.kubeconfigPath, context: "green" })).toThrow(InputError);
  });

  it("when a kind has no API mapping, then it is an error rather than silently empty", async () => {
    const f = await fake({});
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("FrobnicatorPolicy"), configz: false });
    expect(snapshot.visibility["FrobnicatorPolicy"]?.state).toBe("error");
  });

  it("when configz is asked, then each node's kubelet configuration is read and an unreachable kubelet is an error", async () => {
    const kubelet = { authentication: { anonymous: { enabled: false } }, readOnlyPort: 0 };
    const f = await fake({ objects: [node("n1"), node("n2")], kubeletConfigs: { n1: kubelet } });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Node"), configz: true });

    expect(snapshot.kubeletConfigs["n1"]).toEqual({ state: "listed", config: kubelet });
    expect(snapshot.kubeletConfigs["n2"]?.state).toBe("error");
    expect(snapshot.kubeletConfigs["n2"]?.reason).toContain("error trying to reach service");
  });

  it("when configz is forbidden, then every node's entry is forbidden with the reason and a note says what is missing", async () => {
    const f = await fake({ objects: [node("n1"), node("n2")], kubeletConfigs: { n1: {}, n2: {} }, forbiddenConfigz: true });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Node"), configz: true });

    expect(Object.values(snapshot.kubeletConfigs).map((e) => e.state)).toEqual(["forbidden", "forbidden"]);
    expect(snapshot.kubeletConfigs["n1"]?.reason).toContain("nodes/proxy");
    expect(snapshot.notes.join("\n")).toContain("kubelet configz forbidden on 2 of 2 node(s)");
  });

  it("when configz is not asked, then no kubelet is contacted", async () => {
    const f = await fake({ objects: [node("n1")], kubeletConfigs: { n1: {} } });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Node"), configz: false });
    expect(snapshot.kubeletConfigs).toEqual({});
    expect(f.requests.some((r) => r.path.endsWith("/configz"))).toBe(false);
  });

  it("when many kinds and nodes are read with concurrency 3, then the server never sees more than 3 requests at once", async () => {
    const nodes = Array.from({ length: 8 }, (_, i) => node(`n${i}`));
    const f = await fake({ objects: [...nodes, ...manyPods(40)], latencyMs: 15 });
    const wanted = kinds("Node", "Pod", "Service", "Secret", "ConfigMap", "Deployment", "DaemonSet", "Role", "ClusterRole", "NetworkPolicy");
    await readerFor(f, { concurrency: 3, pageSize: 10 }).readSnapshot({ kinds: wanted, configz: true });

    expect(f.maxInFlight()).toBeLessThanOrEqual(3);
    // The pool is used, not serialised: otherwise the bound above proves nothing.
    expect(f.maxInFlight()).toBe(3);
  });

  it("when progress is observed, then it counts one step per kind plus configz up to the total", async () => {
    const f = await fake({ objects: [node("n1")], kubeletConfigs: { n1: {} } });
    const seen: ReadProgress[] = [];
    await readerFor(f).readSnapshot({ kinds: kinds("Node", "Pod", "PeerAuthentication"), configz: true, onProgress: (p) => seen.push(p) });

    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(seen.every((p) => p.total === 4)).toBe(true);
    expect(seen.at(-1)?.kind).toBe("kubelet configz");
    expect(new Set(seen.map((p) => p.kind))).toEqual(new Set(["Node", "Pod", "PeerAuthentication", "kubelet configz"]));
  });

  it("when Secrets are read, then no value (plain or base64) reaches the snapshot or its bundle, but key names and type do", async () => {
    const password = "hunter2-correct-horse";
    const apiKey = "sk-live-0123456789";
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      type: "Opaque",
      metadata: {
        name: "db",
        namespace: "web",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify({ data: { password: b64(password) }, stringData: { apiKey } }),
          team: "payments",
        },
        managedFields: [
          { manager: "kubectl", operation: "Update", time: "2024-05-01T10:00:00Z", fieldsV1: { "f:data": { "f:password": {} } } },
          { manager: "rotator", operation: "Update", time: "2025-02-03T04:05:06Z" },
        ],
      },
      data: { password: b64(password), "api-key": b64(apiKey) },
      stringData: { apiKey },
    };
    const f = await fake({ objects: [secret] });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Secret"), configz: false });

    const text = JSON.stringify(snapshot) + JSON.stringify(toBundle(snapshot));
    for (const value of [password, apiKey, b64(password), b64(apiKey), Buffer.from(password).toString("base64url")]) {
      expect(text).not.toContain(value);
    }
    expect(snapshot.objects).toEqual([
      {
        apiVersion: "v1",
        kind: "Secret",
        type: "Opaque",
        metadata: expect.objectContaining({
          name: "db",
          namespace: "web",
          annotations: { team: "payments" },
          managedFields: [{ time: "2025-02-03T04:05:06Z" }],
        }),
        data: { password: "", "api-key": "" },
      },
    ]);
  });

  it("when objects carry managedFields, then only the newest operation time is kept", async () => {
    const f = await fake({
      objects: [
        pod("web", "tracked", {
          metadata: {
            name: "tracked",
            namespace: "web",
            managedFields: [
              { manager: "kube-controller-manager", time: "2025-01-01T00:00:00Z", fieldsV1: { "f:spec": {} } },
              { manager: "kubelet", time: "2025-06-01T00:00:00Z", subresource: "status" },
            ],
          },
        }),
        pod("web", "plain"),
      ],
    });
    const snapshot = await readerFor(f).readSnapshot({ kinds: kinds("Pod"), configz: false });
    const byName = new Map(snapshot.objects.map((o) => [o.metadata.name, o]));
    expect(byName.get("tracked")?.metadata["managedFields"]).toEqual([{ time: "2025-06-01T00:00:00Z" }]);
    expect(byName.get("plain")?.metadata).not.toHaveProperty("managedFields");
  });
});

describe("live cluster reader, when the cluster cannot be used", () => {
  const token = "tok-do-not-print-9f8e7d";

  async function failure(kubeconfigPath: string, extra: Partial<LiveReaderOptions> = {}): Promise<Error> {
    const reader = readerFor({ kubeconfigPath }, extra);
    const err = await reader.readSnapshot({ kinds: kinds("Pod"), configz: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }

  it("when nothing listens on the port, then UnavailableError says refused in one line naming server and context, without the token", async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const err = await failure(kubeconfigFor(server, token));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.message).toBe(`cannot reach the Kubernetes API at ${server} (context prod-admin): connection refused`);
    expect(err.message).not.toContain(token);
  });

  it("when the server does not speak TLS, then UnavailableError names a TLS handshake failure", async () => {
    const f = await fake({});
    const server = f.url.replace("http:", "https:");
    const err = await failure(kubeconfigFor(server, token));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.message).toMatch(new RegExp(`^cannot reach the Kubernetes API at ${server} \\(context prod-admin\\): TLS handshake failed \\(\\w+\\)$`));
  });

  it("when the server accepts but never answers, then UnavailableError says it timed out", async () => {
    const { port } = await silentServer();
    const err = await failure(kubeconfigFor(`http://127.0.0.1:${port}`, token), { requestTimeoutMs: 100 });
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.message).toMatch(/: no answer within 100ms$/);
    expect(err.message.split("\n")).toHaveLength(1);
  });

  it("when the server rejects the token, then NotAllowedError says so without echoing the token", async () => {
    const f = await fake({ token: "the-right-one" });
    const err = await failure(kubeconfigFor(f.url, token));
    expect(err).toBeInstanceOf(NotAllowedError);
    expect(err.message).toContain("rejected the credentials (401 Unauthorized)");
    expect(err.message).not.toContain(token);
  });
});
