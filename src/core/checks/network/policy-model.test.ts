import { describe, expect, it } from "vitest";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { indexSnapshot } from "../../snapshot/index.js";
import { parseManifestText } from "../../snapshot/parse.js";
import { networkModel } from "./policy-model.js";

const indexOf = (yaml: string) =>
  indexSnapshot(snapshotFromManifests([parseManifestText(yaml, "test.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" }));

const pod = (name: string, ns: string, app: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns}, labels: { app: ${app} } }
spec: { containers: [{ name: c, image: registry.example.com/app:1.0.0 }] }
`;

describe("network policy model", () => {
  it("when policyTypes is omitted, then Ingress is isolated and Egress only if egress rules exist", () => {
    const index = indexOf(`${pod("api", "shop", "api")}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ingress-only, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: {} }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: with-egress, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  egress: [{ to: [{ podSelector: {} }] }]
`);
    const sel = networkModel(index).selecting(index.workloads()[0]!);
    expect(sel.ingress.map((p) => p.name)).toEqual(["ingress-only", "with-egress"]);
    expect(sel.egress.map((p) => p.name)).toEqual(["with-egress"]);
  });

  it("when a policy lists Egress in policyTypes, then its egress rules isolate and an Ingress-only policy's egress rules do not", () => {
    const index = indexOf(`${pod("api", "shop", "api")}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: typed-ingress, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  egress: [{ to: [{ podSelector: {} }] }]
`);
    const sel = networkModel(index).selecting(index.workloads()[0]!);
    expect(sel.egress).toEqual([]);
  });

  it("when a policy lives in another namespace, then it does not select the pod", () => {
    const index = indexOf(`${pod("api", "shop", "api")}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: other, namespace: billing }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
`);
    expect(networkModel(index).selecting(index.workloads()[0]!).ingress).toEqual([]);
  });

  it("when Cilium selectors carry k8s: prefixes and a namespace label, then they match the pod labels and namespace", () => {
    const index = indexOf(`${pod("api", "shop", "api")}
---
${pod("api", "billing", "api")}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: shop-api }
spec:
  endpointSelector:
    matchLabels: { "k8s:app": api, "k8s:io.kubernetes.pod.namespace": shop }
  ingress: [{}]
`);
    const model = networkModel(index);
    const [billing, shop] = [...index.workloads()].sort((a, b) => a.namespace.localeCompare(b.namespace));
    expect(model.selecting(shop!).ingress.map((p) => p.name)).toEqual(["shop-api"]);
    expect(model.selecting(billing!).ingress).toEqual([]);
  });

  it("when a NetworkPolicy has no spec, then it is ignored instead of crashing the audit", () => {
    const index = indexOf(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: broken, namespace: shop }
spec:
`);
    expect(networkModel(index).policies).toEqual([]);
  });
});
