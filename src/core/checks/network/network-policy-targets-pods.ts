import { isEmptySelector } from "../../snapshot/labels.js";
import { fail, notApplicable, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { networkModel, WORKLOAD_READ_KINDS } from "./policy-model.js";

export const networkPolicyTargetsPods = defineCheck({
  id: "network-policy-targets-pods",
  title: "NetworkPolicies select at least one workload",
  severity: "low",
  category: "network",
  needs: ["objects"],
  kinds: ["NetworkPolicy", ...WORKLOAD_READ_KINDS],
  references: { kubeScore: ["networkpolicy-targets-pod"] },
  description:
    "A NetworkPolicy whose podSelector matches no pod protects nothing: usually a label was renamed and the workload it was written for now runs unprotected. Policies with an empty podSelector (namespace-wide) always pass. When the input holds no workload at all for the namespace (a folder of policies), the check cannot tell and says so.",
  remediation:
    "Fix the podSelector to match the workload's pod template labels (`kubectl get pods -l <selector>` should list them), or delete the stale policy.",
  evaluate(ctx) {
    const model = networkModel(ctx.index);
    const results: CheckResult[] = [];
    for (const p of model.policies) {
      if (p.kind !== "NetworkPolicy" || p.namespace === undefined) continue;
      const ref = refOf(p.object);
      if (isEmptySelector(p.podSelector)) {
        results.push(pass(ref, "selects every pod of its namespace"));
        continue;
      }
      const selected = model.selectedBy(p);
      if (selected.length > 0) {
        results.push(pass(ref, `selects ${selected.length} workload(s), e.g. ${selected[0]!.kind} ${selected[0]!.name}`));
      } else if (!ctx.index.snapshot.complete && ctx.index.workloadsInNamespace(p.namespace).length === 0) {
        results.push(notApplicable(ref, `the input holds no workloads of namespace ${p.namespace} to match against`));
      } else {
        results.push(fail(ref, `its podSelector matches no workload in namespace ${p.namespace}`));
      }
    }
    return results;
  },
});
