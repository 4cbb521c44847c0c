// Which nodes are control-plane nodes, computed once per audit: both role labels
// kubeadm has used, and the taint keys that keep ordinary pods off them.
import type { Toleration } from "../../snapshot/k8s-types.js";
import type { SnapshotIndex } from "../../snapshot/index.js";
import type { KubeObject } from "../../snapshot/types.js";
import { memoizeBy } from "../../memo.js";

export const CONTROL_PLANE_ROLE_LABELS = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"] as const;
export const CONTROL_PLANE_TAINT_KEYS: ReadonlySet<string> = new Set(CONTROL_PLANE_ROLE_LABELS);

export const isControlPlaneNode = (node: KubeObject) => CONTROL_PLANE_ROLE_LABELS.some((l) => node.metadata.labels?.[l] !== undefined);

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export const taintsOf = (node: KubeObject): Taint[] => ((node["spec"] as { taints?: Taint[] } | undefined)?.taints ?? []);

/** Names of control-plane nodes, and how many other nodes exist. */
export const controlPlaneNodes = memoizeBy((index: SnapshotIndex): { names: ReadonlySet<string>; workers: number } => {
  const names = new Set<string>();
  let workers = 0;
  for (const n of index.ofKind("Node")) {
    if (isControlPlaneNode(n)) names.add(n.metadata.name);
    else workers++;
  }
  return { names, workers };
});

/** Whether a toleration lets a pod onto a node tainted with a control-plane key. */
export function toleratesControlPlane(t: Toleration): "explicit" | "everything" | false {
  if (t.effect && t.effect !== "NoSchedule" && t.effect !== "NoExecute") return false;
  if (t.key && CONTROL_PLANE_TAINT_KEYS.has(t.key)) return "explicit";
  // An empty key with operator Exists tolerates every taint.
  if (!t.key && t.operator === "Exists") return "everything";
  return false;
}
