import { describe, expect, it } from "vitest";
import { lowUidGid } from "./low-uid-gid.js";
import { runAsRoot } from "./run-as-root.js";
import { auditWith, deployment, verdicts } from "./testing.js";

describe("run-as-root", () => {
  it("when the container sets runAsNonRoot true over a pod-level false, then it passes", () => {
    const yaml = deployment("a", "securityContext: { runAsNonRoot: false }\ncontainers:\n  - { name: c, image: x:1, securityContext: { runAsNonRoot: true } }");
    expect(verdicts(auditWith(runAsRoot, yaml))).toEqual(["pass Deployment/a/c"]);
  });

  it("when only a non-zero runAsUser is set at pod level, then it passes (Polaris semantics)", () => {
    const yaml = deployment("a", "securityContext: { runAsUser: 1000 }\ncontainers:\n  - { name: c, image: x:1 }");
    expect(verdicts(auditWith(runAsRoot, yaml))).toEqual(["pass Deployment/a/c"]);
  });

  it("when runAsNonRoot is true but runAsUser is 0, then it fails on the explicit root UID", () => {
    const yaml = deployment("a", "securityContext: { runAsNonRoot: true, runAsUser: 0 }\ncontainers:\n  - { name: c, image: x:1 }");
    const [finding] = auditWith(runAsRoot, yaml);
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("UID 0");
  });

  it("when one of two containers sets nothing, then only that container fails", () => {
    const yaml = deployment(
      "a",
      "containers:\n  - { name: ok, image: x:1, securityContext: { runAsUser: 1000 } }\n  - { name: bad, image: x:1 }",
    );
    expect(verdicts(auditWith(runAsRoot, yaml))).toEqual(["pass Deployment/a/ok", "fail Deployment/a/bad"]);
  });

  it("when the pod is a Windows pod, then the Linux user rule is not applicable", () => {
    const yaml = deployment("win", "os: { name: windows }\ncontainers:\n  - { name: c, image: x:1 }");
    expect(verdicts(auditWith(runAsRoot, yaml))).toEqual(["not_applicable Deployment/win/c"]);
  });
});

describe("low-uid-gid", () => {
  it("when UID and GID sit exactly on the threshold, then it passes", () => {
    const yaml = deployment("a", "securityContext: { runAsUser: 10000, runAsGroup: 10000 }\ncontainers:\n  - { name: c, image: x:1 }");
    expect(verdicts(auditWith(lowUidGid, yaml))).toEqual(["pass Deployment/a/c"]);
  });

  it("when the GID is low but the UID high, then it fails naming the group", () => {
    const yaml = deployment("a", "containers:\n  - { name: c, image: x:1, securityContext: { runAsUser: 15000, runAsGroup: 0 } }");
    const [finding] = auditWith(lowUidGid, yaml);
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("runAsGroup 0");
    expect(finding?.message).not.toContain("runAsUser");
  });

  it("when the site lowers settings.minimumUid, then a UID of 1000 passes", () => {
    const yaml = deployment("a", "securityContext: { runAsUser: 1000, runAsGroup: 1000 }\ncontainers:\n  - { name: c, image: x:1 }");
    expect(verdicts(auditWith(lowUidGid, yaml, { minimumUid: 1000 }))).toEqual(["pass Deployment/a/c"]);
    expect(verdicts(auditWith(lowUidGid, yaml))).toEqual(["fail Deployment/a/c"]);
  });
});
