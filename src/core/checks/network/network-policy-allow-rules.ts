import { fail, notApplicable, pass, workloadRef } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { networkModel, POLICY_KINDS, WORKLOAD_READ_KINDS, type Direction, type PolicyView } from "./policy-model.js";

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
  evaluate(ctx) {
    const model = networkModel(ctx.index);
    const skip = new Set(ctx.settings.systemNamespaces);
    const results: CheckResult[] = [];
    for (const w of ctx.index.workloads()) {
      if (skip.has(w.namespace) || w.isMirrorPod) continue;
      const ref = workloadRef(w);
      if (w.podSpec.hostNetwork) {
        results.push(notApplicable(ref, "runs on the host network, where NetworkPolicy does not apply"));
        continue;
      }
      const sel = model.selecting(w);
      if (sel.ingress.length === 0 && sel.egress.length === 0) {
        // The missing policy itself is workload-network-policy's finding; one root cause, one failure.
        results.push(notApplicable(ref, "no NetworkPolicy selects it (reported by workload-network-policy)"));
        continue;
      }
      const ingress = withRules(sel.ingress, "ingress");
      const egress = withRules(sel.egress, "egress");
      const missing = [ingress ? undefined : "ingress", egress ? undefined : "egress"].filter(Boolean);
      results.push(
        missing.length === 0
          ? pass(ref, `ingress rules in ${ingress!.name}, egress rules in ${egress!.name}`)
          : fail(ref, `no enforced ${missing.join(" or ")} allow rules select its pods`),
      );
    }
    return results;
  },
});
