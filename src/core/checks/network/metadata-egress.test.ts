import { describe, expect, it } from "vitest";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { indexSnapshot } from "../../snapshot/index.js";
import { parseManifestText } from "../../snapshot/parse.js";
import { cidrContains, metadataReach } from "./metadata-egress.js";
import { networkModel } from "./policy-model.js";

const reach = (policies: string, hostNetwork = false) => {
  const index = indexSnapshot(
    snapshotFromManifests(
      [
        parseManifestText(
          `
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop, labels: { app: api } }
spec: { hostNetwork: ${hostNetwork}, containers: [{ name: c, image: registry.example.com/app:1.0.0 }] }
${policies}`,
          "t.yaml",
        ),
      ],
      { description: "t", capturedAt: "2026-01-01T00:00:00Z" },
    ),
  );
  return metadataReach(networkModel(index), index.workloads()[0]!);
};

const egress = (rules: string, kind = "networking.k8s.io/v1\nkind: NetworkPolicy") => `
---
apiVersion: ${kind}
metadata: { name: egress, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: ${rules}
`;

describe("cloud metadata reachability", () => {
  it("when CIDRs are compared, then containment follows the prefix length", () => {
    expect(cidrContains("0.0.0.0/0", "169.254.169.254")).toBe(true);
    expect(cidrContains("169.254.0.0/16", "169.254.169.254")).toBe(true);
    expect(cidrContains("169.254.169.254/32", "169.254.169.254")).toBe(true);
    expect(cidrContains("10.0.0.0/8", "169.254.169.254")).toBe(false);
    expect(cidrContains("::/0", "169.254.169.254")).toBe(false);
  });

  it("when no policy restricts egress, then the endpoint is reachable", () => {
    expect(reach("")).toBe("egress is unrestricted");
  });

  it("when 0.0.0.0/0 is allowed with an except for the metadata address, then it is not reachable", () => {
    expect(reach(egress("[{ to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }] }]"))).toBeUndefined();
  });

  it("when 0.0.0.0/0 is allowed without except, then it is reachable", () => {
    expect(reach(egress("[{ to: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]"))).toMatch(/allows egress/);
  });

  it("when the only open destination port is DNS, then the HTTP endpoint is not reachable", () => {
    expect(reach(egress("[{ ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }] }]"))).toBeUndefined();
  });

  it("when a port range covers 80, then it is reachable", () => {
    expect(reach(egress("[{ ports: [{ protocol: TCP, port: 1, endPort: 1024 }] }]"))).toMatch(/allows egress/);
  });

  it("when the pod runs on the host network, then policies do not protect it", () => {
    expect(reach(egress("[]"), true)).toBe("runs on the host network");
  });

  it("when a Cilium policy allows the world entity, then it is reachable, and a Cilium deny rule overrides it", () => {
    const allowWorld = `
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: world, namespace: shop }
spec:
  endpointSelector: {}
  egress: [{ toEntities: [world] }]
`;
    expect(reach(allowWorld)).toMatch(/CiliumNetworkPolicy world/);
    const deny = `${allowWorld}
  egressDeny: [{ toCIDR: [169.254.169.254/32] }]
`;
    expect(reach(deny)).toBeUndefined();
  });
});
