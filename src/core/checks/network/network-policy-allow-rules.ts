import { fail, notApplicable } from "../helpers.js";
import { defineCheck } from "../types.js";
import { POLICY_KINDS, WORKLOAD_READ_KINDS, walkGovernedWorkloads, type Direction, type PolicyView } from "./policy-model.js";

const withRules = (ps: readonly PolicyView[], d: Direction) => ps.find((p) => p.rules[d].length > 0);

export const networkPolicyAllowRules = defineCheck({
  id: "network-policy-allow-rules",
  title: "Workloads have explicit ingress and egress allow rules",
  severity: "low",
  category: "network",
  needs: ["objects"],
  kinds: [...POLICY_KINDS, ...WORKLOAD_READ_KINDS],
  references: { polaris: ["missingNetworkPolicy"] },
  description:
    "Stricter than isolation alone (Polaris' reading): for each direction, some policy that isolates the workload also lists rules, so its allowed flows are written down rather than implied by a blanket deny or left open. A policy whose policyTypes omit Egress has its egress rules ignored by Kubernetes, so they do not count. Workloads no policy selects at all are left to workload-network-policy.",
  remediation:
    "Write ingress and egress rules for the workload (who may call it, what it may call, DNS included) in policies whose policyTypes list both directions.",
  evaluate: (ctx) =>
    walkGovernedWorkloads(ctx, (out, ref, seed, selecting) => {
      if (selecting.ingress.length === 0 && selecting.egress.length === 0) {
        // The missing policy itself is workload-network-policy's finding; one root cause, one failure.
        return out.add(notApplicable(ref, "no NetworkPolicy selects it (reported by workload-network-policy)"), seed);
      }
      const ingress = withRules(selecting.ingress, "ingress");
      const egress = withRules(selecting.egress, "egress");
      if (ingress && egress) {
        // Passes nobody keeps are only counted: no message is built for them.
        if (out.keepsPasses) out.pass(ref, `ingress rules in ${ingress.name}, egress rules in ${egress.name}`, seed);
        else out.countPass();
      } else out.add(fail(ref, `no enforced ${ingress ? "egress" : egress ? "ingress" : "ingress or egress"} allow rules select its pods`), seed);
    }),
});
