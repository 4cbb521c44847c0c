import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import type { CheckDefinition } from "../types.js";
import { policyEnginePresent } from "./policy-engine-present.js";
import { sccBroadPrivileged } from "./scc-broad-privileged.js";
import { admissionWebhookFailOpen } from "./webhook-fail-open.js";

const audit = (check: CheckDefinition, yaml: string) =>
  runAudit(snapshotFromManifests([parseManifestText(yaml, "t.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" }), {
    environment: "t",
    checks: [check],
    includePassed: true,
  }).findings.map((f) => `${f.status} ${f.resource.kind}/${f.resource.name}: ${f.message}`);

const COMPLETE = "apiVersion: harden.dev/v1\nkind: HardenSnapshot\ncomplete: true\n---\n";

describe("admission checks", () => {
  it("when the input is loose files, then policy engine presence is not applicable", () => {
    expect(audit(policyEnginePresent, "apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n")[0]).toMatch(/^not_applicable Cluster/);
  });

  it("when only system namespaces carry enforce labels, then no policy is enforced for workloads", () => {
    const yaml = `${COMPLETE}apiVersion: v1\nkind: Namespace\nmetadata: { name: kube-system, labels: { pod-security.kubernetes.io/enforce: restricted } }\n`;
    expect(audit(policyEnginePresent, yaml)[0]).toMatch(/^fail Cluster/);
  });

  it("when Kyverno enforces per rule (failureAction) rather than per policy, then it counts as enforcing", () => {
    const yaml = `${COMPLETE}apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: baseline }
spec:
  rules:
    - name: privileged
      validate: { failureAction: Enforce, podSecurity: { level: baseline, version: latest } }
`;
    expect(audit(policyEnginePresent, yaml)[0]).toMatch(/^pass Cluster\/cluster: enforced by 1 Kyverno policy/);
  });

  it("when a v1beta1 policy webhook omits failurePolicy, then it fails open by that API's default", () => {
    const yaml = `apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingWebhookConfiguration
metadata: { name: opa-validating-webhook }
webhooks:
  - name: validating-webhook.openpolicyagent.org
    clientConfig: { service: { name: opa, namespace: opa } }
`;
    expect(audit(admissionWebhookFailOpen, yaml)[0]).toMatch(/^fail ValidatingWebhookConfiguration\/opa-validating-webhook/);
  });

  it("when an SCC is permissive and granted to all ServiceAccounts through RBAC use, then it fails naming the binding", () => {
    const yaml = `apiVersion: security.openshift.io/v1
kind: SecurityContextConstraints
metadata: { name: hostnetwork-v2 }
allowHostNetwork: true
runAsUser: { type: MustRunAsRange }
users: []
groups: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: use-any-scc }
rules: [{ apiGroups: [security.openshift.io], resources: [securitycontextconstraints], verbs: [use] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-any-scc }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: use-any-scc }
subjects: [{ kind: Group, name: "system:serviceaccounts" }]
`;
    expect(audit(sccBroadPrivileged, yaml)[0]).toMatch(/^fail .*host network .*system:serviceaccounts \(via ClusterRoleBinding everyone-any-scc\)/);
  });

  it("when the cluster has no SCCs, then the SCC check reports nothing", () => {
    expect(audit(sccBroadPrivileged, `${COMPLETE}apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n`)).toEqual([]);
  });
});
