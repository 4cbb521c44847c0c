import { describe, expect, it } from "vitest";
import type { KubeObject } from "../snapshot/types.js";
import { patchDiff, previewPatch, reviewableYaml } from "./patch-diff.js";

const deployment = (): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "web",
    namespace: "shop",
    resourceVersion: "17",
    managedFields: [{ manager: "kubectl" }],
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"password":"in-annotation"}', team: "shop" },
  },
  spec: {
    template: {
      spec: {
        containers: [
          { name: "app", image: "shop/web:1", env: [{ name: "DB_PASSWORD", value: "in-env" }, { name: "FROM_SECRET", valueFrom: { secretKeyRef: { name: "db", key: "pw" } } }] },
          { name: "proxy", image: "envoy:1", securityContext: { runAsUser: 1000 } },
        ],
      },
    },
  },
  status: { replicas: 1 },
});

const containers = (o: KubeObject | undefined) => (o?.["spec"] as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers;

describe("previewPatch", () => {
  it("when a strategic merge names a container, then only that container changes and the others stay in place", () => {
    const after = previewPatch(deployment(), {
      patchType: "strategic-merge",
      patch: { spec: { template: { spec: { containers: [{ name: "proxy", securityContext: { allowPrivilegeEscalation: false } }] } } } },
    });
    expect(containers(after).map((c) => c["name"])).toEqual(["app", "proxy"]);
    expect(containers(after)[1]!["securityContext"]).toEqual({ runAsUser: 1000, allowPrivilegeEscalation: false });
    expect(containers(after)[0]!["image"]).toBe("shop/web:1");
  });

  it("when a JSON merge patch sets a list, then the list is replaced whole and null deletes a field", () => {
    const after = previewPatch(deployment(), { patchType: "merge", patch: { metadata: { annotations: { team: null } }, spec: { template: { spec: { containers: [{ name: "only" }] } } } } });
    expect(containers(after)).toEqual([{ name: "only" }]);
    expect(after?.metadata.annotations).not.toHaveProperty("team");
  });

  it("when a JSON patch adds and replaces, then the pointers are followed", () => {
    const after = previewPatch(deployment(), {
      patchType: "json",
      patch: [
        { op: "add", path: "/spec/template/spec/containers/0/securityContext", value: { readOnlyRootFilesystem: true } },
        { op: "replace", path: "/spec/template/spec/containers/1/image", value: "envoy:2" },
      ],
    });
    expect(containers(after)[0]!["securityContext"]).toEqual({ readOnlyRootFilesystem: true });
    expect(containers(after)[1]!["image"]).toBe("envoy:2");
  });

  it("when a JSON patch points nowhere, then there is no preview rather than a wrong one", () => {
    expect(previewPatch(deployment(), { patchType: "json", patch: [{ op: "replace", path: "/spec/nothing/here", value: 1 }] })).toBeUndefined();
  });

  it("when the original is previewed, then it is not modified", () => {
    const obj = deployment();
    previewPatch(obj, { patchType: "strategic-merge", patch: { spec: { template: { spec: { containers: [{ name: "app", image: "x" }] } } } } });
    expect(obj).toEqual(deployment());
  });
});

describe("reviewable YAML and the diff", () => {
  it("when an object has bookkeeping and secret values, then the YAML shows neither", () => {
    const yaml = reviewableYaml(deployment());
    for (const hidden of ["in-env", "in-annotation", "managedFields", "resourceVersion", "status"]) expect(yaml).not.toContain(hidden);
    expect(yaml).toContain("value: (hidden)");
    expect(yaml).toContain("secretKeyRef");
    expect(yaml).toContain("team: shop");
  });

  it("when a Secret is shown, then its data keys stay and its values do not", () => {
    const yaml = reviewableYaml({ apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { password: "aHVudGVyMg==" } });
    expect(yaml).toContain("password: (hidden)");
    expect(yaml).not.toContain("aHVudGVyMg==");
  });

  it("when the patch adds a field, then the unified diff shows exactly those lines added", () => {
    const diff = patchDiff(deployment(), {
      patchType: "strategic-merge",
      patch: { spec: { template: { spec: { containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: false } }] } } } },
    })!;
    expect(diff.startsWith("--- Deployment/shop/web\tlive\n+++ Deployment/shop/web\tpatched\n@@")).toBe(true);
    const changed = diff.split("\n").filter((l) => /^[+-](?![+-])/.test(l));
    expect(changed).toEqual(["+          securityContext:", "+            allowPrivilegeEscalation: false"]);
  });
});
