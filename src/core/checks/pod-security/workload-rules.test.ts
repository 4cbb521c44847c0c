import { describe, expect, it } from "vitest";
import { imagesChecks } from "../images/index.js";
import { runtimeChecks } from "../runtime/index.js";
import { podSecurityChecks } from "./index.js";
import { hostNetwork } from "./host-network.js";
import { privilegedContainer } from "./privileged-container.js";
import { runAsRoot } from "./run-as-root.js";
import { auditWith, deployment, verdicts } from "./testing.js";

const ALL_WORKLOAD_CHECKS = [...podSecurityChecks, ...imagesChecks, ...runtimeChecks];

const FORBIDDEN_PODS = `
kind: HardenSnapshot
complete: true
visibility:
  Pod: { state: forbidden, reason: "pods is forbidden: User cannot list pods" }
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: api, namespace: apps }
    spec:
      selector: { matchLabels: { app: api } }
      template:
        metadata: { labels: { app: api } }
        spec:
          containers:
            - { name: api, image: "registry.example.com/api:1.0.0" }
`;

describe("workload checks", () => {
  for (const check of ALL_WORKLOAD_CHECKS) {
    it(`when Pods are forbidden to the auditor, then ${check.id} reports unknown, never pass`, () => {
      const findings = auditWith(check, FORBIDDEN_PODS, { allowedRegistries: ["registry.example.com"] });
      expect(findings.map((f) => f.status)).toEqual(["unknown"]);
      expect(findings[0]!.message).toContain("Pod is forbidden");
    });
  }

  it("when a host-access check meets a workload in a system namespace, then it is not applicable with the reason", () => {
    const yaml = deployment("cni", "hostNetwork: true\ncontainers:\n  - { name: agent, image: cni:1.0 }", "kube-system");
    const findings = auditWith(hostNetwork, yaml);
    expect(verdicts(findings)).toEqual(["not_applicable Deployment/cni"]);
    expect(findings[0]!.message).toContain("settings.systemNamespaces");
  });

  it("when the system namespace list is changed, then the allow-list follows the setting", () => {
    const yaml = deployment("cni", "hostNetwork: true\ncontainers:\n  - { name: agent, image: cni:1.0 }", "kube-system");
    expect(verdicts(auditWith(hostNetwork, yaml, { systemNamespaces: [] }))).toEqual(["fail Deployment/cni"]);
  });

  it("when containers have no names, then each result is still addressed by its list position", () => {
    const yaml = `
apiVersion: v1
kind: Pod
metadata: { name: raw }
spec:
  containers:
    - securityContext: { privileged: false }
    - securityContext: { privileged: true }
`;
    const findings = auditWith(privilegedContainer, yaml);
    expect(verdicts(findings)).toEqual(["pass Pod/raw/containers[0]", "fail Pod/raw/containers[1]"]);
    expect(findings[1]!.message).toBe("container #2 runs privileged");
  });

  it("when a pod spec is malformed and lists no containers, then container rules report unknown", () => {
    const yaml = `
apiVersion: v1
kind: Pod
metadata: { name: broken }
spec:
  - containers:
  - name: main
    image: alpine
`;
    expect(verdicts(auditWith(runAsRoot, yaml))).toEqual(["unknown Pod/broken"]);
  });

  it("when a Deployment owns ReplicaSets and Pods, then results attach to the Deployment only", () => {
    const yaml = `${deployment("api", "containers:\n  - { name: api, image: api:1.0, securityContext: { privileged: true } }")}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: api-5d9f
  namespace: apps
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: api, controller: true }]
spec:
  template:
    spec:
      containers: [{ name: api, image: api:1.0, securityContext: { privileged: true } }]
`;
    expect(verdicts(auditWith(privilegedContainer, yaml))).toEqual(["fail Deployment/api/api"]);
  });
});
