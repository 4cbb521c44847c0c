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
});
