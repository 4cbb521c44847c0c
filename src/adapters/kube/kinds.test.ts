import { describe, expect, it } from "vitest";
import { requiredKinds } from "../../core/checks/registry.js";
import { isClusterScopedKind } from "../../core/snapshot/scope.js";
import { KIND_APIS, kindApi } from "./kinds.js";

// Cluster-scoped kinds that src/core/snapshot/scope.ts does not list yet (change
// requested); until it does, the index would file their objects under "default".
const LEGACY_GROUPS = new Set(["apps", "batch", "policy", "autoscaling"]);

describe("kind table", () => {
  it("when a check reads a kind, then the live reader knows where that kind's API lives", () => {
    const missing = [...requiredKinds()].filter((k) => !kindApi(k));
    expect(missing).toEqual([]);
  });

  it("when listed, then every entry has a lowercase plural, at least one version and a plausible group", () => {
    for (const [kind, api] of Object.entries(KIND_APIS)) {
      expect(api.plural, kind).toMatch(/^[a-z]+$/);
      expect(api.versions.length, kind).toBeGreaterThan(0);
      // Only the core group and the oldest built-in groups have names without a dot.
      expect(api.group === "" || api.group.includes(".") || LEGACY_GROUPS.has(api.group), kind).toBe(true);
    }
  });

  it("when the table says a kind is cluster-scoped, then the snapshot index agrees", () => {
    const disagree = Object.entries(KIND_APIS)
      .filter(([kind, api]) => api.namespaced === isClusterScopedKind(kind))
      .map(([kind]) => kind);
    expect(disagree).toEqual([]);
  });

  it("when a name is not a kind (an Object.prototype key), then there is no entry", () => {
    expect(kindApi("constructor")).toBeUndefined();
    expect(kindApi("Pod")?.plural).toBe("pods");
  });
});
