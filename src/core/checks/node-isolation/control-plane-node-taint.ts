import { fail, notApplicable, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { CONTROL_PLANE_TAINT_KEYS, controlPlaneNodes, isControlPlaneNode, taintsOf } from "./control-plane-nodes.js";

export const controlPlaneNodeTaint = defineCheck({
  id: "control-plane-node-taint",
  title: "Control-plane nodes keep ordinary pods away",
  severity: "high",
  category: "node-isolation",
  needs: ["objects"],
  kinds: ["Node"],
  references: {},
  description:
    "Control-plane nodes hold etcd data, the cluster CA key and admin credentials on disk. Without the node-role.kubernetes.io/control-plane:NoSchedule taint the scheduler places any workload there, so one container escape reaches the keys to the whole cluster.",
  remediation:
    "Taint each control-plane node: `kubectl taint nodes <node> node-role.kubernetes.io/control-plane:NoSchedule`, after moving user workloads that rely on running there.",
  evaluate(ctx) {
    const { workers } = controlPlaneNodes(ctx.index);
    const results: CheckResult[] = [];
    for (const node of ctx.index.ofKind("Node")) {
      if (!isControlPlaneNode(node)) continue;
      const ref = refOf(node);
      if (workers === 0) {
        results.push(notApplicable(ref, "single-role cluster: no worker nodes exist, so the control-plane nodes must run workloads"));
        continue;
      }
      const taint = taintsOf(node).find((t) => CONTROL_PLANE_TAINT_KEYS.has(t.key) && (t.effect === "NoSchedule" || t.effect === "NoExecute"));
      results.push(
        taint
          ? pass(ref, `tainted ${taint.key}:${taint.effect}`)
          : fail(ref, "control-plane node has no node-role.kubernetes.io/control-plane NoSchedule or NoExecute taint; any pod may be scheduled on it"),
      );
    }
    return results;
  },
});
