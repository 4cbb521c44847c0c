import type { SnapshotIndex } from "../../snapshot/index.js";
import { fail, notApplicable, pass } from "../helpers.js";
import { defineCheck, type CheckContext, type CheckResult } from "../types.js";
import { METADATA_IP, metadataReach } from "./metadata-egress.js";
import { auditedNamespaces, namespaceRef, networkModel, POLICY_KINDS, WORKLOAD_READ_KINDS } from "./policy-model.js";

const CLOUD_PROVIDER_IDS = /^(aws|gce|azure|openstack|alicloud|digitalocean|oci|ibm|linode|hcloud|vsphere|exoscale|scaleway):\/\//;

type CloudVerdict = { applies: true; protectedBy?: string } | { applies: false; why: string };

// The endpoint exists only on cloud VMs; GKE's metadata server answers for
// the pod's own identity instead of the node's, which removes the risk.
function cloudVerdict(ctx: CheckContext, index: SnapshotIndex): CloudVerdict {
  const nodes = index.ofKind("Node");
  if (nodes.length === 0) return { applies: true };
  const gkeMetadataServer = nodes.every((n) => n.metadata.labels?.["iam.gke.io/gke-metadata-server-enabled"] === "true");
  if (gkeMetadataServer) return { applies: true, protectedBy: "the GKE metadata server (Workload Identity) runs on every node" };
  if (["eks", "gke", "aks"].includes(ctx.platform.name)) return { applies: true };
  const cloudy = nodes.some((n) => CLOUD_PROVIDER_IDS.test(String((n["spec"] as { providerID?: string } | undefined)?.providerID ?? "")));
  return cloudy ? { applies: true } : { applies: false, why: "no node runs on a cloud provider (no cloud providerID)" };
}

export const cloudMetadataEgress = defineCheck({
  id: "cloud-metadata-egress",
  title: "Pods cannot reach the cloud metadata endpoint",
  severity: "high",
  category: "network",
  needs: ["objects"],
  kinds: ["Namespace", "Node", ...POLICY_KINDS, ...WORKLOAD_READ_KINDS],
  references: {},
  description:
    `On cloud nodes, ${METADATA_IP} serves the node's instance credentials (and on some providers its bootstrap token) to any process that can open a connection. A pod whose egress is unrestricted, or allowed to 0.0.0.0/0 without an \`except\` for ${METADATA_IP}/32, can take the node's cloud identity. Judged per namespace over its workloads; namespaces of clusters whose nodes are not cloud VMs are not applicable.`,
  remediation:
    `Add an egress policy whose ipBlock rules carry \`except: [${METADATA_IP}/32]\` (or a Cilium egressDeny to that CIDR) for every namespace, and on the provider side require IMDSv2 with a hop limit of 1 (EKS) or enable Workload Identity's metadata server (GKE).`,
  evaluate(ctx) {
    const verdict = cloudVerdict(ctx, ctx.index);
    if (!verdict.applies) return [notApplicable({ kind: "Cluster", name: "cluster" }, verdict.why)];
    const model = networkModel(ctx.index);
    const results: CheckResult[] = [];
    for (const ns of auditedNamespaces(ctx.index, ctx.settings.systemNamespaces)) {
      const workloads = ctx.index.workloadsInNamespace(ns).filter((w) => !w.isMirrorPod);
      if (workloads.length === 0) continue;
      const ref = namespaceRef(ctx.index, ns);
      if (verdict.protectedBy) {
        results.push(pass(ref, `protected: ${verdict.protectedBy}`));
        continue;
      }
      const open = workloads.flatMap((w) => {
        const why = metadataReach(model, w);
        return why ? [`${w.kind} ${w.name} (${why})`] : [];
      });
      const shown = open.slice(0, 3).join(", ") + (open.length > 3 ? ` and ${open.length - 3} more` : "");
      results.push(
        open.length === 0
          ? pass(ref, `egress policies keep all ${workloads.length} workload(s) away from ${METADATA_IP}`)
          : fail(ref, `${open.length} of ${workloads.length} workload(s) can reach ${METADATA_IP}: ${shown}`),
      );
    }
    return results;
  },
});
