import { describe, expect, it } from "vitest";
import { startFakeKubeApi } from "../../../test/fakes/kube-api-server.js";
import { cleanupAfterEach } from "../../../test/support/cleanups.js";
import { ConflictError, InputError, NotAllowedError, NotFoundError, UnavailableError } from "../../core/errors.js";
import type { KubeObject } from "../../core/snapshot/types.js";
import { createClusterWriter, withPrecondition } from "./cluster-writer.js";

const deployment: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", namespace: "web" },
  spec: { template: { spec: { containers: [{ name: "api", image: "api:1" }, { name: "proxy", image: "envoy:1" }] } } },
};
const secret: KubeObject = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db", namespace: "web" },
  type: "Opaque",
  data: { password: Buffer.from("hunter2-very-secret").toString("base64") },
};
const peerAuth: KubeObject = {
  apiVersion: "security.istio.io/v1",
  kind: "PeerAuthentication",
  metadata: { name: "default", namespace: "istio-system" },
  spec: { mtls: { mode: "PERMISSIVE" } },
};

// Tolerant: a test may close its server itself.
const cleanups = cleanupAfterEach({ tolerant: true });

async function start(options: Parameters<typeof startFakeKubeApi>[0] = {}) {
  const fake = await startFakeKubeApi({ objects: [deployment, secret, peerAuth], ...options });
  cleanups.push(() => fake.close());
  return { fake, writer: createClusterWriter({ kubeconfigPath: fake.kubeconfigPath, requestTimeoutMs: 3_000 }) };
}

const ref = { kind: "Deployment", namespace: "web", name: "api" };
const escalationOff = {
  patchType: "strategic-merge" as const,
  patch: { spec: { template: { spec: { containers: [{ name: "api", securityContext: { allowPrivilegeEscalation: false } }] } } } },
};
const containers = (o: KubeObject) => (o["spec"] as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers;

describe("cluster writer", () => {
  it("when an object is read, then it comes back with its resourceVersion; a missing one is undefined", async () => {
    const { writer } = await start();
    const got = await writer.get(ref);
    expect(got).toMatchObject({ kind: "Deployment", apiVersion: "apps/v1", metadata: { name: "api", namespace: "web", resourceVersion: expect.any(String) } });
    expect(await writer.get({ ...ref, name: "gone" })).toBeUndefined();
  });

  it("when a Secret is read, then its values are blanked before they leave the adapter", async () => {
    const { writer } = await start();
    const got = await writer.get({ kind: "Secret", namespace: "web", name: "db" });
    expect(got!["data"]).toEqual({ password: "" });
    expect(JSON.stringify(got)).not.toContain(Buffer.from("hunter2-very-secret").toString("base64"));
  });

  it("when a patch is dry-run, then the server sees dryRun=All, fieldManager=harden and the strategic-merge type, and nothing changes", async () => {
    const { fake, writer } = await start();
    const before = (await writer.get(ref))!;
    const result = await writer.patch(ref, escalationOff, { dryRun: true, resourceVersion: before.metadata.resourceVersion! });
    expect(containers(result)[0]).toMatchObject({ name: "api", securityContext: { allowPrivilegeEscalation: false } });
    const patchCall = fake.requests.find((r) => r.method === "PATCH")!;
    expect(patchCall).toMatchObject({
      path: "/apis/apps/v1/namespaces/web/deployments/api",
      query: { dryRun: "All", fieldManager: "harden" },
      contentType: "application/strategic-merge-patch+json",
      body: { ...escalationOff.patch, metadata: { resourceVersion: before.metadata.resourceVersion } },
    });
    const after = (await writer.get(ref))!;
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(containers(after)[0]!["securityContext"]).toBeUndefined();
  });

  it("when the real patch is sent with the current resourceVersion, then the object changes, keeps its other containers and gets a new version", async () => {
    const { fake, writer } = await start();
    const before = (await writer.get(ref))!;
    const result = await writer.patch(ref, escalationOff, { dryRun: false, resourceVersion: before.metadata.resourceVersion! });
    expect(result.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect(containers(result).map((c) => c["name"])).toEqual(["api", "proxy"]);
    const stored = fake.objects().find((o) => o.kind === "Deployment")!;
    expect(containers(stored)[0]).toMatchObject({ securityContext: { allowPrivilegeEscalation: false } });
    expect(fake.requests.find((r) => r.method === "PATCH")!.query["dryRun"]).toBeUndefined();
  });

  it("when the object changed since planning, then the patch fails with ConflictError and nothing is applied", async () => {
    const { fake, writer } = await start();
    const before = (await writer.get(ref))!;
    await writer.patch(ref, { patchType: "merge", patch: { metadata: { labels: { moved: "on" } } } }, { dryRun: false });
    const err = await writer.patch(ref, escalationOff, { dryRun: false, resourceVersion: before.metadata.resourceVersion! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toContain("Deployment web/api changed since the patch was planned");
    expect(containers(fake.objects().find((o) => o.kind === "Deployment")!)[0]!["securityContext"]).toBeUndefined();
  });

  it("when a JSON patch carries the precondition, then it is a test operation, and a stale version is a ConflictError", async () => {
    const { fake, writer } = await start();
    const pa = { kind: "PeerAuthentication", namespace: "istio-system", name: "default" };
    const before = (await writer.get(pa))!;
    const strict = { patchType: "json" as const, patch: [{ op: "replace", path: "/spec/mtls/mode", value: "STRICT" }] };
    const done = await writer.patch(pa, strict, { dryRun: false, resourceVersion: before.metadata.resourceVersion! });
    expect(done["spec"]).toEqual({ mtls: { mode: "STRICT" } });
    const sent = fake.requests.find((r) => r.method === "PATCH")!;
    expect(sent.contentType).toBe("application/json-patch+json");
    expect(sent.path).toBe("/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications/default");
    expect(sent.body).toEqual([{ op: "test", path: "/metadata/resourceVersion", value: before.metadata.resourceVersion }, ...strict.patch]);
    await expect(writer.patch(pa, strict, { dryRun: false, resourceVersion: before.metadata.resourceVersion! })).rejects.toBeInstanceOf(ConflictError);
  });

  it("when a custom resource gets a merge patch, then the merge-patch content type is used", async () => {
    const { fake, writer } = await start();
    const pa = { kind: "PeerAuthentication", namespace: "istio-system", name: "default" };
    await writer.patch(pa, { patchType: "merge", patch: { spec: { mtls: { mode: "STRICT" } } } }, { dryRun: true });
    expect(fake.requests.find((r) => r.method === "PATCH")!.contentType).toBe("application/merge-patch+json");
  });

  it("when the API server refuses (403, 404, 422), then the errors are permanent ones that name the object", async () => {
    const { writer } = await start({ forbiddenKinds: ["StatefulSet"] });
    await expect(writer.patch({ kind: "StatefulSet", namespace: "web", name: "db" }, escalationOff, { dryRun: true })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(writer.patch({ ...ref, name: "gone" }, escalationOff, { dryRun: true })).rejects.toBeInstanceOf(NotFoundError);
    const invalid = await writer.patch(ref, { patchType: "json", patch: [{ op: "remove", path: "/spec/nothing" }] }, { dryRun: true }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InputError);
    expect((invalid as Error).message).toMatch(/^the API server refused to dry-run a patch of Deployment web\/api: /);
  });

  it("when the kind is unknown or the namespace is missing, then InputError before any request", async () => {
    const { fake, writer } = await start();
    await expect(writer.get({ kind: "Gizmo", name: "x" })).rejects.toBeInstanceOf(InputError);
    await expect(writer.get({ kind: "Deployment", name: "api" })).rejects.toBeInstanceOf(InputError);
    expect(fake.requests).toHaveLength(0);
  });

  it("when the server is gone, then UnavailableError (worth retrying)", async () => {
    const { fake: f, writer } = await start();
    await f.close();
    await expect(writer.get(ref)).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe("withPrecondition", () => {
  it("when a merge patch already has metadata, then the resourceVersion joins it", () => {
    expect(withPrecondition("merge", { metadata: { labels: { a: "b" } } }, "42")).toEqual({ metadata: { labels: { a: "b" }, resourceVersion: "42" } });
  });

  it("when no resourceVersion is given, then the patch is unchanged", () => {
    const patch = { spec: {} };
    expect(withPrecondition("strategic-merge", patch, undefined)).toBe(patch);
  });
});
