import { describe, expect, it } from "vitest";
import { imagePullPolicyNotAlways } from "../images/image-pull-policy-not-always.js";
import { allowPrivilegeEscalation } from "./allow-privilege-escalation.js";
import { missingSeccompProfile } from "./missing-seccomp-profile.js";
import { auditWith, deployment, fixFor } from "./testing.js";

function firstFailure(check: Parameters<typeof auditWith>[0], yaml: string) {
  const finding = auditWith(check, yaml).find((f) => f.status === "fail");
  if (!finding) throw new Error(`${check.id}: expected a failure`);
  return finding;
}

describe("allow-privilege-escalation fix", () => {
  it("when a Deployment container leaves it unset, then the patch sets it false on that container only", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: x:1 }\n  - { name: ok, image: x:1, securityContext: { allowPrivilegeEscalation: false } }");
    const finding = firstFailure(allowPrivilegeEscalation, yaml);
    expect(finding.fixable).toBe(true);
    const fix = fixFor(allowPrivilegeEscalation, yaml, finding);
    expect(fix).toMatchObject({
      resource: { kind: "Deployment", namespace: "apps", name: "api" },
      patchType: "strategic-merge",
      patch: { spec: { template: { spec: { containers: [{ name: "api", securityContext: { allowPrivilegeEscalation: false } }] } } } },
    });
    expect(fix?.resource.container).toBeUndefined();
  });

  it("when the container sets allowPrivilegeEscalation: true explicitly, then no patch overrides that decision", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: x:1, securityContext: { allowPrivilegeEscalation: true } }");
    expect(firstFailure(allowPrivilegeEscalation, yaml).fixable).toBe(false);
  });

  it("when the container is privileged, then no patch is offered (the API would reject it)", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: x:1, securityContext: { privileged: true } }");
    const finding = firstFailure(allowPrivilegeEscalation, yaml);
    expect(finding.fixable).toBe(false);
  });

  it("when the container adds SYS_ADMIN, then no patch is offered (the API would reject it)", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: x:1, securityContext: { capabilities: { add: [SYS_ADMIN] } } }");
    expect(firstFailure(allowPrivilegeEscalation, yaml).fixable).toBe(false);
  });

  it("when the owner is a bare Pod, then no patch is offered", () => {
    const yaml = "apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: apps }\nspec:\n  containers: [{ name: c, image: x:1 }]\n";
    expect(firstFailure(allowPrivilegeEscalation, yaml).fixable).toBe(false);
  });

  it("when the failing container is an init container of a CronJob, then the patch addresses initContainers", () => {
    const yaml = `
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: apps }
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers: [{ name: prep, image: x:1 }]
          containers: [{ name: run, image: x:1, securityContext: { allowPrivilegeEscalation: false } }]
`;
    const fix = fixFor(allowPrivilegeEscalation, yaml, firstFailure(allowPrivilegeEscalation, yaml));
    expect(fix?.patch).toEqual({
      spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: "prep", securityContext: { allowPrivilegeEscalation: false } }] } } } } },
    });
  });
});

describe("missing-seccomp-profile fix", () => {
  it("when no profile is set anywhere, then the patch sets RuntimeDefault at pod level", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: x:1 }");
    const fix = fixFor(missingSeccompProfile, yaml, firstFailure(missingSeccompProfile, yaml));
    expect(fix?.patch).toEqual({ spec: { template: { spec: { securityContext: { seccompProfile: { type: "RuntimeDefault" } } } } } });
    expect(fix?.summary).toContain("RuntimeDefault");
  });

  it("when the container explicitly asks for Unconfined, then no patch overrides that decision", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: x:1, securityContext: { seccompProfile: { type: Unconfined } } }");
    expect(firstFailure(missingSeccompProfile, yaml).fixable).toBe(false);
  });

  it("when the pod level says Unconfined, then no patch is offered", () => {
    const yaml = deployment("api", "securityContext: { seccompProfile: { type: Unconfined } }\ncontainers:\n  - { name: api, image: x:1 }");
    expect(firstFailure(missingSeccompProfile, yaml).fixable).toBe(false);
  });
});

describe("image-pull-policy-not-always fix", () => {
  it("when a tagged image defaults to IfNotPresent, then the patch sets Always on that container", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: registry.example.com/api:1.2.0 }");
    const fix = fixFor(imagePullPolicyNotAlways, yaml, firstFailure(imagePullPolicyNotAlways, yaml));
    expect(fix?.patch).toEqual({ spec: { template: { spec: { containers: [{ name: "api", imagePullPolicy: "Always" }] } } } });
  });

  it("when the policy is Never (images preloaded on nodes), then no patch is offered", () => {
    const yaml = deployment("api", "containers:\n  - { name: api, image: registry.example.com/api:1.2.0, imagePullPolicy: Never }");
    expect(firstFailure(imagePullPolicyNotAlways, yaml).fixable).toBe(false);
  });
});
