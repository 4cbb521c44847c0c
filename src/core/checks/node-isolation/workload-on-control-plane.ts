import { evaluateWorkloads } from "../helpers.js";
import { defineCheck } from "../types.js";
import type { Workload } from "../../snapshot/workloads.js";
import { CONTROL_PLANE_ROLE_LABELS, controlPlaneNodes, toleratesControlPlane } from "./control-plane-nodes.js";

interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function requiredTerms(w: Workload): NodeSelectorTerm[] {
  const affinity = w.podSpec.affinity as
    | { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } }
    | undefined;
  return affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
}

const ROLE: ReadonlySet<string> = new Set(CONTROL_PLANE_ROLE_LABELS);

export const workloadOnControlPlane = defineCheck({
  id: "workload-on-control-plane",
  title: "User workloads stay off control-plane nodes",
  severity: "medium",
  category: "node-isolation",
  needs: ["objects"],
  kinds: ["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"],
  references: {},
  description:
    "A workload outside the system namespaces that tolerates the control-plane taint, selects control-plane nodes or already runs on one shares a host with etcd data and the cluster CA key. Tolerating every taint (operator Exists without a key) counts too: it is the usual way agents end up on control-plane nodes.",
  remediation:
    "Remove control-plane tolerations and node selectors from application workloads. Node agents that must run everywhere belong in an allow-listed system namespace (settings.systemNamespaces) or need a waiver with a reason.",
  // Node is deliberately not in `kinds`: when nodes are hidden only the nodeName
  // test is lost, while tolerations and selectors still tell the story.
  evaluate(ctx) {
    const cp = controlPlaneNodes(ctx.index).names;
    return evaluateWorkloads(
      ctx,
      (w) => {
        if (w.isMirrorPod) return null;
        const reasons: string[] = [];
        for (const t of w.podSpec.tolerations ?? []) {
          const how = toleratesControlPlane(t);
          if (how === "explicit") reasons.push(`tolerates ${t.key}${t.effect ? `:${t.effect}` : ""}`);
          if (how === "everything") reasons.push("tolerates every taint (operator Exists without a key), the control-plane taint included");
        }
        const selected = Object.keys(w.podSpec.nodeSelector ?? {}).find((k) => ROLE.has(k));
        if (selected) reasons.push(`nodeSelector requires ${selected}`);
        const viaAffinity = requiredTerms(w)
          .flatMap((t) => t.matchExpressions ?? [])
          .find((e) => ROLE.has(e.key) && (e.operator === "Exists" || e.operator === "In"));
        if (viaAffinity) reasons.push(`node affinity requires ${viaAffinity.key}`);
        const node = w.podSpec.nodeName;
        if (node && cp.has(node)) reasons.push(`runs on control-plane node ${node}`);
        if (reasons.length === 0) return null;
        const ds = w.kind === "DaemonSet" && reasons.some((r) => r.startsWith("tolerates")) ? " (a DaemonSet: one copy on every control-plane node)" : "";
        return `${reasons.join("; ")}${ds}`;
      },
      "does not target control-plane nodes",
      { exemptSystemNamespaces: true },
    );
  },
});
