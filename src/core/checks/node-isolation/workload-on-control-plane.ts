import { evaluateWorkloads } from "../helpers.js";
import { listAt } from "../../snapshot/manifest-values.js";
import { defineCheck } from "../types.js";
import type { Workload } from "../../snapshot/workloads.js";
import { CONTROL_PLANE_ROLE_LABELS, controlPlaneNodes, toleratesControlPlane } from "./control-plane-nodes.js";

interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}


function requiredTerms(w: Workload): readonly NodeSelectorTerm[] {
  const affinity = w.podSpec.affinity as
    | { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } }
    | undefined;
  return listAt(affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, "nodeSelectorTerms");
}

const ROLE: ReadonlySet<string> = new Set(CONTROL_PLANE_ROLE_LABELS);

/**
 * Why the workload may land on a control-plane node, or undefined when nothing
 * sends it there. Asked of every workload, and almost all answer undefined: the
 * list is only made once there is a reason to put in it.
 */
function controlPlaneReasons(w: Workload, cp: ReadonlySet<string>): string[] | undefined {
  let reasons: string[] | undefined;
  const tolerations = listAt(w.podSpec.tolerations, "tolerations");
  for (let i = 0; i < tolerations.length; i++) {
    const t = tolerations[i]!;
    const how = toleratesControlPlane(t);
    if (how === "explicit") (reasons ??= []).push(`tolerates ${t.key}${t.effect ? `:${t.effect}` : ""}`);
    if (how === "everything") (reasons ??= []).push("tolerates every taint (operator Exists without a key), the control-plane taint included");
  }
  const selected = roleSelected(w);
  if (selected !== undefined) (reasons ??= []).push(`nodeSelector requires ${selected}`);
  const viaAffinity = roleRequiredByAffinity(w);
  if (viaAffinity !== undefined) (reasons ??= []).push(`node affinity requires ${viaAffinity}`);
  const node = w.podSpec.nodeName;
  if (node && cp.has(node)) (reasons ??= []).push(`runs on control-plane node ${node}`);
  return reasons;
}

/** The first control-plane role label the nodeSelector requires (keys in their order, as `Object.keys` gives them). */
function roleSelected(w: Workload): string | undefined {
  const selector = w.podSpec.nodeSelector;
  for (const key in selector) if (ROLE.has(key)) return key;
  return undefined;
}

/** The first control-plane role label a required node-affinity expression asks for. */
function roleRequiredByAffinity(w: Workload): string | undefined {
  const terms = requiredTerms(w);
  for (let i = 0; i < terms.length; i++) {
    const expressions = listAt(terms[i]!.matchExpressions, "matchExpressions");
    for (let k = 0; k < expressions.length; k++) {
      const e = expressions[k]!;
      if (ROLE.has(e.key) && (e.operator === "Exists" || e.operator === "In")) return e.key;
    }
  }
  return undefined;
}

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
        const reasons = controlPlaneReasons(w, cp);
        if (reasons === undefined) return null;
        const ds = w.kind === "DaemonSet" && reasons.some((r) => r.startsWith("tolerates")) ? " (a DaemonSet: one copy on every control-plane node)" : "";
        return `${reasons.join("; ")}${ds}`;
      },
      "does not target control-plane nodes",
      { exemptSystemNamespaces: true },
    );
  },
});
