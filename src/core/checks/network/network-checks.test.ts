import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import type { CheckDefinition } from "../types.js";
import { cloudMetadataEgress } from "./cloud-metadata-egress.js";
import { istioAuthorizationPolicy } from "./istio-authorization-policy.js";
import { istioMtlsStrict } from "./istio-mtls-strict.js";
import { namespaceDefaultDeny } from "./namespace-default-deny.js";
import { networkPolicyTargetsPods } from "./network-policy-targets-pods.js";

const audit = (check: CheckDefinition, yaml: string) =>
  runAudit(snapshotFromManifests([parseManifestText(yaml, "t.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" }), {
    environment: "t",
    checks: [check],
    includePassed: true,
  }).findings.map((f) => `${f.status} ${f.resource.kind}/${f.resource.name}`);

const APP = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: registry.example.com/api:1.0.0 }] }
`;
const COMPLETE = "apiVersion: harden.dev/v1\nkind: HardenSnapshot\ncomplete: true\n---\n";

describe("network checks", () => {
  it("when the input has a policy but no workload of its namespace, then targeting is not judged", () => {
    const policy = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-allow, namespace: shop }
spec: { podSelector: { matchLabels: { app: api } } }
`;
    expect(audit(networkPolicyTargetsPods, policy)).toEqual(["not_applicable NetworkPolicy/api-allow"]);
    expect(audit(networkPolicyTargetsPods, COMPLETE + policy)).toEqual(["fail NetworkPolicy/api-allow"]);
  });

  it("when a namespace-wide policy has an ingress rule without sources, then it is not a default deny", () => {
    const open = `${APP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-all, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress], ingress: [{}] }
`;
    expect(audit(namespaceDefaultDeny, open)).toEqual(["fail Namespace/shop"]);
  });

  it("when nodes are not cloud VMs, then metadata egress is not applicable", () => {
    const onPrem = `${APP}
---
apiVersion: v1
kind: Node
metadata: { name: rack1-node1 }
spec: { providerID: "" }
`;
    expect(audit(cloudMetadataEgress, onPrem)).toEqual(["not_applicable Cluster/cluster"]);
  });

  it("when every node runs the GKE metadata server, then namespaces pass even with open egress", () => {
    const gke = `${APP}
---
apiVersion: v1
kind: Node
metadata: { name: gke-pool-1, labels: { iam.gke.io/gke-metadata-server-enabled: "true", cloud.google.com/gke-nodepool: pool } }
spec: { providerID: gce://proj/europe-west1-b/gke-pool-1 }
`;
    expect(audit(cloudMetadataEgress, gke)).toEqual(["pass Namespace/shop"]);
  });

  it("when Istio is not installed, then the Istio checks report nothing", () => {
    expect(audit(istioMtlsStrict, APP)).toEqual([]);
    expect(audit(istioAuthorizationPolicy, `${COMPLETE}${APP}`)).toEqual([]);
  });

  it("when the Istio API is served but no PeerAuthentication exists, then namespaces fail on Istio's PERMISSIVE default", () => {
    const served = `apiVersion: harden.dev/v1
kind: HardenSnapshot
complete: true
visibility: { PeerAuthentication: { state: listed } }
---
${APP}`;
    expect(audit(istioMtlsStrict, served)).toEqual(["fail Namespace/shop"]);
  });
});
