import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/snapshot/types.js";
import { startFakeKubeApi, type FakeKubeApi, type FakeKubeApiOptions } from "./kube-api-server.js";
import { jsonPatch, mergePatch, PatchError, strategicMerge } from "./kube-patch.js";
import { cleanupAfterEach } from "../support/cleanups.js";

const deployment: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", namespace: "web", labels: { app: "api" } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: "api", image: "api:1", securityContext: { privileged: true } },
          { name: "proxy", image: "envoy:1" },
        ],
      },
    },
  },
};
const mtls: KubeObject = {
  apiVersion: "security.istio.io/v1",
  kind: "PeerAuthentication",
  metadata: { name: "default", namespace: "istio-system" },
  spec: { mtls: { mode: "PERMISSIVE" } },
};

const cleanups = cleanupAfterEach();

async function start(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const fake = await startFakeKubeApi({ objects: [deployment, mtls], ...options });
  cleanups.push(() => fake.close());
  return fake;
}

function call(f: FakeKubeApi, path: string, init: { method?: string; body?: unknown; contentType?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? f.token : init.token;
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (init.contentType) headers["Content-Type"] = init.contentType;
  return fetch(f.url + path, {
    method: init.method ?? "GET",
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
}

function clientConfig(f: FakeKubeApi): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(f.kubeconfigPath);
  return kc;
}

describe("fake Kubernetes API server", () => {
  it("when client-node's typed client pages through pods, then it gets every pod via the continue token", async () => {
    const pods = Array.from({ length: 5 }, (_, i) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: `p${i}`, namespace: "a" } }));
    const f = await start({ objects: pods });
    const core = clientConfig(f).makeApiClient(CoreV1Api);
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    expect(first.items.map((p) => p.metadata?.name)).toEqual(["p0", "p1"]);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const names: (string | undefined)[] = first.items.map((p) => p.metadata?.name);
    let token = first.metadata?._continue;
    while (token) {
      const page = await core.listPodForAllNamespaces({ limit: 2, _continue: token });
      names.push(...page.items.map((p) => p.metadata?.name));
      token = page.metadata?._continue;
    }
    expect(names).toEqual(["p0", "p1", "p2", "p3", "p4"]);
  });

  it("when client-node sends a strategic merge patch, then containers merge by name and the resourceVersion moves", async () => {
    const f = await start();
    const apps = clientConfig(f).makeApiClient(AppsV1Api);
    const before = await apps.readNamespacedDeployment({ name: "api", namespace: "web" });
    const patched = await apps.patchNamespacedDeployment(
      {
        name: "api",
        namespace: "web",
        body: { spec: { template: { spec: { containers: [{ name: "api", securityContext: { privileged: false } }] } } } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.template.spec?.containers).toEqual([
      expect.objectContaining({ name: "api", image: "api:1", securityContext: { privileged: false } }),
      expect.objectContaining({ name: "proxy", image: "envoy:1" }),
    ]);
    expect(patched.metadata?.resourceVersion).not.toBe(before.metadata?.resourceVersion);
    expect(f.requests.at(-1)).toMatchObject({ method: "PATCH", contentType: "application/strategic-merge-patch+json" });
  });

  it("when a patch is a dry run, then the answer shows the change and the stored object keeps its old state", async () => {
    const f = await start();
    const res = await call(f, "/apis/apps/v1/namespaces/web/deployments/api?dryRun=All", {
      method: "PATCH",
      contentType: "application/merge-patch+json",
      body: { spec: { replicas: 5 } },
    });
    expect(res.status).toBe(200);
    expect(res.body["spec"]["replicas"]).toBe(5);
    const stored = await call(f, "/apis/apps/v1/namespaces/web/deployments/api");
    expect(stored.body["spec"]["replicas"]).toBe(2);
    expect(stored.body["metadata"]["resourceVersion"]).toBe(res.body["metadata"]["resourceVersion"]);
  });

  it("when a patch names a stale resourceVersion, then it is refused with 409 Conflict and nothing changes", async () => {
    const f = await start();
    const res = await call(f, "/apis/apps/v1/namespaces/web/deployments/api", {
      method: "PATCH",
      contentType: "application/merge-patch+json",
      body: { metadata: { resourceVersion: "1" }, spec: { replicas: 0 } },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ kind: "Status", reason: "Conflict" });
    expect((await call(f, "/apis/apps/v1/namespaces/web/deployments/api")).body["spec"]["replicas"]).toBe(2);
  });

  it("when a strategic merge patch targets a custom resource, then it is refused with 415 as the real server does", async () => {
    const f = await start();
    const res = await call(f, "/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default", {
      method: "PATCH",
      contentType: "application/strategic-merge-patch+json",
      body: { spec: { mtls: { mode: "STRICT" } } },
    });
    expect(res.status).toBe(415);
  });

  it("when a JSON patch test fails, then the patch is refused with 422 and nothing changes", async () => {
    const f = await start();
    const res = await call(f, "/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default", {
      method: "PATCH",
      contentType: "application/json-patch+json",
      body: [
        { op: "test", path: "/spec/mtls/mode", value: "DISABLE" },
        { op: "replace", path: "/spec/mtls/mode", value: "STRICT" },
      ],
    });
    expect(res.status).toBe(422);
    const stored = await call(f, "/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default");
    expect(stored.body["spec"]["mtls"]["mode"]).toBe("PERMISSIVE");
  });

  it("when discovery is asked, then groups, versions and resources (with subresources) are described", async () => {
    const f = await start();
    const groups = await call(f, "/apis");
    expect(groups.body["groups"]).toContainEqual(expect.objectContaining({ name: "security.istio.io", preferredVersion: { groupVersion: "security.istio.io/v1", version: "v1" } }));
    const core = await call(f, "/api/v1");
    expect(core.body["resources"]).toContainEqual(expect.objectContaining({ name: "pods", kind: "Pod", namespaced: true }));
    expect(core.body["resources"]).toContainEqual(expect.objectContaining({ name: "nodes", kind: "Node", namespaced: false }));
    expect(core.body["resources"]).toContainEqual(expect.objectContaining({ name: "pods/status" }));
    expect((await call(f, "/apis/kyverno.io/v1")).status).toBe(404);
  });

  it("when a request lacks the bearer token, then it is answered 401 and recorded as unauthorized", async () => {
    const f = await start();
    const res = await call(f, "/api/v1/pods", { token: null });
    expect(res.status).toBe(401);
    expect(f.requests.at(-1)?.authorized).toBe(false);
  });

  it("when a kind is forbidden, then reading one object of it is 403 too", async () => {
    const f = await start({ forbiddenKinds: ["Deployment"] });
    const res = await call(f, "/apis/apps/v1/namespaces/web/deployments/api");
    expect(res.status).toBe(403);
    expect(res.body["message"]).toContain('cannot get resource "deployments"');
  });

  it("when a namespaced list is asked for one namespace, then only that namespace's objects come back, without kind on items", async () => {
    const f = await start({ objects: [deployment, { ...deployment, metadata: { name: "other", namespace: "batch" } }] });
    const res = await call(f, "/apis/apps/v1/namespaces/web/deployments");
    expect(res.body["kind"]).toBe("DeploymentList");
    expect(res.body["items"].map((d: KubeObject) => d.metadata.name)).toEqual(["api"]);
    expect(res.body["items"][0]).not.toHaveProperty("kind");
  });
});

describe("fake patch semantics", () => {
  it("when a merge patch sets a field to null, then the field is removed and lists are replaced whole", () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null }, l: [3] })).toEqual({ a: 1, b: { d: 3 }, l: [3] });
  });

  it("when a strategic patch carries $patch: delete on a container, then that container is removed and others stay", () => {
    const base = { containers: [{ name: "a", image: "1" }, { name: "b", image: "2" }] };
    expect(strategicMerge(base, { containers: [{ name: "a", $patch: "delete" }, { name: "c", image: "3" }] })).toEqual({
      containers: [{ name: "b", image: "2" }, { name: "c", image: "3" }],
    });
  });

  it("when a strategic patch touches a list without a merge key, then the list is replaced", () => {
    expect(strategicMerge({ args: ["--a", "--b"] }, { args: ["--c"] })).toEqual({ args: ["--c"] });
  });

  it("when a JSON patch adds to the end of a list and removes a key, then both apply in order", () => {
    expect(jsonPatch({ l: [1], m: { x: 1, y: 2 } }, [{ op: "add", path: "/l/-", value: 2 }, { op: "remove", path: "/m/x" }])).toEqual({
      l: [1, 2],
      m: { y: 2 },
    });
  });

  it("when a JSON patch replaces a missing path, then it fails", () => {
    expect(() => jsonPatch({}, [{ op: "replace", path: "/nope", value: 1 }])).toThrow(PatchError);
  });
});
