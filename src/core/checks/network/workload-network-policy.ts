import { fail } from "../helpers.js";
import { defineCheck } from "../types.js";
import { POLICY_KINDS, WORKLOAD_READ_KINDS, walkGovernedWorkloads } from "./policy-model.js";

export const workloadNetworkPolicy = defineCheck({
  id: "workload-network-policy",
  title: "Workloads are isolated by NetworkPolicy for ingress and egress",
  severity: "medium",
  category: "network",
  needs: ["objects"],
  kinds: [...POLICY_KINDS, ...WORKLOAD_READ_KINDS],
  references: { cis: ["5.3.2"], kubescape: ["C-0260"], kubeScore: ["pod-networkpolicy"], checkov: ["CKV2_K8S_6"] },
  description:
    "A pod is isolated in a direction only when some policy that selects it lists that direction in its policyTypes (Ingress is implied; Egress is implied only by egress rules). A pod isolated for ingress alone can still send anything anywhere: exfiltrate data, reach the cloud metadata endpoint, scan the cluster. Pods on the host network are outside NetworkPolicy and are reported as not applicable.",
  remediation:
    "Select the workload's pod labels with policies whose policyTypes cover both Ingress and Egress, or add a namespace-wide default-deny for both directions and allow policies per workload.",
  evaluate: (ctx) =>
    walkGovernedWorkloads(ctx, (out, ref, seed, { ingress, egress }) => {
      if (ingress.length > 0 && egress.length > 0) {
        // Passes nobody keeps are only counted: no message is built for them.
        if (out.keepsPasses) out.pass(ref, `ingress by ${ingress[0]!.name}, egress by ${egress[0]!.name}`, seed);
        else out.countPass();
      } else if (ingress.length > 0) out.add(fail(ref, `isolated for ingress (${ingress[0]!.name}) but no policy restricts its egress`), seed);
      else if (egress.length > 0) out.add(fail(ref, `isolated for egress (${egress[0]!.name}) but no policy restricts its ingress`), seed);
      else out.add(fail(ref, "no NetworkPolicy selects its pods: all traffic in and out is allowed"), seed);
    }),
});
