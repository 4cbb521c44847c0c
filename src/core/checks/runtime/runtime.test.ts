import { describe, expect, it } from "vitest";
import { auditWith, deployment, verdicts } from "../pod-security/testing.js";
import { cpuLimitsMissing } from "./cpu-limits-missing.js";
import { defaultNamespace } from "./default-namespace.js";
import { memoryLimitsMissing } from "./memory-limits-missing.js";
import { namespaceWithoutLimitrange } from "./namespace-without-limitrange.js";
import { readinessProbeMissing } from "./readiness-probe-missing.js";
import { serviceWithoutReadinessProbe } from "./service-without-readiness-probe.js";

const service = (name: string, namespace: string, selector: string) => `
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: ${selector}
  ports: [{ port: 80 }]
`;

const NO_PROBES = deployment("api", "containers:\n  - { name: api, image: x:1 }");

describe("service-without-readiness-probe", () => {
  it("when a Service in another namespace has a matching selector, then the workload is not applicable", () => {
    const yaml = NO_PROBES + service("api", "other", "{ app: api }");
    expect(verdicts(auditWith(serviceWithoutReadinessProbe, yaml))).toEqual(["not_applicable Deployment/api"]);
  });

  it("when a Service has no selector (manual endpoints), then it selects nothing", () => {
    const yaml = NO_PROBES + service("external-db", "apps", "{}");
    expect(verdicts(auditWith(serviceWithoutReadinessProbe, yaml))).toEqual(["not_applicable Deployment/api"]);
  });

  it("when two Services select the pods, then the failure names both", () => {
    const yaml = NO_PROBES + service("api", "apps", "{ app: api }") + service("api-internal", "apps", "{ app: api }");
    const [finding] = auditWith(serviceWithoutReadinessProbe, yaml);
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("api, api-internal");
  });

  it("when only a sidecar has the readiness probe, then the pod passes (kube-score semantics)", () => {
    const yaml =
      deployment("api", "containers:\n  - { name: api, image: x:1 }\n  - { name: side, image: y:1, readinessProbe: { tcpSocket: { port: 9000 } } }") +
      service("api", "apps", "{ app: api }");
    expect(verdicts(auditWith(serviceWithoutReadinessProbe, yaml))).toEqual(["pass Deployment/api"]);
  });
});

describe("probe and resource scope", () => {
  it("when a workload is a Job, then readiness is not applicable", () => {
    const yaml = "apiVersion: batch/v1\nkind: Job\nmetadata: { name: j, namespace: apps }\nspec:\n  template:\n    spec:\n      containers: [{ name: c, image: x:1 }]\n";
    expect(verdicts(auditWith(readinessProbeMissing, yaml))).toEqual(["not_applicable Job/j"]);
  });

  it("when an init container has no limits and an ephemeral container exists, then the init container fails and the ephemeral one is skipped", () => {
    const yaml = `
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: apps }
spec:
  initContainers: [{ name: init, image: x:1 }]
  containers: [{ name: main, image: x:1, resources: { limits: { cpu: 100m, memory: 64Mi } } }]
  ephemeralContainers: [{ name: debug, image: busybox:1.36 }]
`;
    expect(verdicts(auditWith(memoryLimitsMissing, yaml))).toEqual(["pass Pod/p/main", "fail Pod/p/init"]);
    expect(verdicts(auditWith(cpuLimitsMissing, yaml))).toEqual(["pass Pod/p/main", "fail Pod/p/init"]);
  });
});

describe("default-namespace", () => {
  it("when the default namespace holds the built-in Service, ServiceAccount and CA ConfigMap, then they are not applicable", () => {
    const yaml = `
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-root-ca.crt, namespace: default }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: app-settings }
`;
    expect(verdicts(auditWith(defaultNamespace, yaml))).toEqual(["not_applicable ConfigMap/kube-root-ca.crt", "fail ConfigMap/app-settings"]);
  });
});

describe("namespace-without-limitrange", () => {
  it("when only system namespaces and empty namespaces exist, then nothing fails", () => {
    const yaml = `
apiVersion: v1
kind: Namespace
metadata: { name: empty }
---
${deployment("coredns", "containers:\n  - { name: coredns, image: x:1 }", "kube-system")}`;
    expect(verdicts(auditWith(namespaceWithoutLimitrange, yaml))).toEqual(["not_applicable Namespace/kube-system"]);
  });

  it("when two namespaces run workloads and one has a LimitRange, then each gets its own verdict", () => {
    const yaml = `${deployment("a", "containers:\n  - { name: c, image: x:1 }", "team-a")}
---
${deployment("b", "containers:\n  - { name: c, image: x:1 }", "team-b")}
---
apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: team-b }
spec: { limits: [{ type: Container, default: { memory: 256Mi } }] }
`;
    expect(verdicts(auditWith(namespaceWithoutLimitrange, yaml))).toEqual(["fail Namespace/team-a", "pass Namespace/team-b"]);
  });
});
