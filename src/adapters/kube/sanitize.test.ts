import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../core/snapshot/types.js";
import { LAST_APPLIED_ANNOTATION, sanitizeObject } from "./sanitize.js";

describe("sanitizeObject", () => {
  it("when a Secret is sanitized, then the original object is left untouched", () => {
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "a", annotations: { [LAST_APPLIED_ANNOTATION]: "{}" } },
      data: { k: "dmFsdWU=" },
    };
    const before = structuredClone(secret);
    const out = sanitizeObject(secret);
    expect(secret).toEqual(before);
    expect(out).toEqual({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "a" }, data: { k: "" } });
  });

  it("when a Secret has no data, then no data field is invented and its type is kept", () => {
    const out = sanitizeObject({ apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", metadata: { name: "s" }, stringData: { a: "b" } });
    expect(out).toEqual({ apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", metadata: { name: "s" } });
  });

  it("when managedFields carry no time, then they are dropped entirely", () => {
    const out = sanitizeObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", managedFields: [{ manager: "x" }] } });
    expect(out.metadata).toEqual({ name: "p" });
  });

  it("when another kind carries the last-applied annotation, then it is kept (only Secrets hold values there)", () => {
    const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", annotations: { [LAST_APPLIED_ANNOTATION]: "{}" } } };
    expect(sanitizeObject(cm)).toBe(cm);
  });
});
