import { describe, expect, it } from "vitest";
import { findingFingerprint } from "./fingerprint.js";

describe("findingFingerprint", () => {
  it("when check or object differ in any part, then fingerprints differ; same input, same value", () => {
    const base = { kind: "Deployment", namespace: "a", name: "web", container: "app" };
    const fp = findingFingerprint("c", base);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(findingFingerprint("c", { ...base })).toBe(fp);
    const variants = [
      findingFingerprint("d", base),
      findingFingerprint("c", { ...base, kind: "StatefulSet" }),
      findingFingerprint("c", { ...base, namespace: "b" }),
      findingFingerprint("c", { ...base, name: "web2" }),
      findingFingerprint("c", { ...base, container: undefined } as never),
    ];
    expect(new Set([fp, ...variants]).size).toBe(6);
  });

  it("when hashing many similar names, then there are no collisions", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(findingFingerprint("privileged-container", { kind: "Deployment", namespace: `ns-${i % 2000}`, name: `svc-${i}` }));
    expect(seen.size).toBe(200_000);
  });

  it("when given known findings, then the values stored in history and waivers are reproduced exactly", () => {
    expect(findingFingerprint("privileged-container", { kind: "Deployment", namespace: "payments", name: "api", container: "app" })).toBe("f91e1cf9fd31964b");
    expect(findingFingerprint("rbac-wildcard", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "ops" })).toBe("5c3f34d76fb33a16");
    expect(findingFingerprint("x", { kind: "Cluster", name: "cluster" })).toBe("296bc22d68b6b482");
    expect(findingFingerprint("é-check", { kind: "Pod", namespace: "ns-ü", name: "名前", container: "c" })).toBe("47b0cc6763a07e16");
  });

  it("when a manifest gives a number where a name belongs, then it hashes as its text", () => {
    const asText = findingFingerprint("c", { kind: "Pod", namespace: "a", name: "123" });
    expect(findingFingerprint("c", { kind: "Pod", namespace: "a", name: 123 } as never)).toBe(asText);
    expect(findingFingerprint("c", { kind: "Pod", namespace: null, name: "x" } as never)).toBe(findingFingerprint("c", { kind: "Pod", name: "x" }));
  });
});
