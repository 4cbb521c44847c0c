import { defineGrantCheck } from "./grant-check.js";
import { firstGrant, type Permission } from "./rules.js";

// `get` counts: exec, attach and port-forward over WebSocket were authorised as
// GET until the API server started requiring `create` for the upgrade as well.
const POD_SHELL: Permission = {
  verbs: ["create", "get"],
  groups: [""],
  resources: ["pods/exec", "pods/attach", "pods/portforward"],
  countNamedResources: true,
};
// The kubelet's /exec and /run endpoints behind nodes/proxy are POSTs.
const KUBELET_EXEC: Permission = { verbs: ["create"], groups: [""], resources: ["nodes/proxy"], countNamedResources: true };

export const rbacPodExec = defineGrantCheck({
  id: "rbac-pod-exec",
  title: "Exec, attach and port-forward into pods are not granted broadly",
  severity: "high",
  references: {
    kubescape: ["C-0002", "C-0063"],
    polaris: [
      "clusterrolePodExecAttach",
      "rolePodExecAttach",
      "clusterrolebindingPodExecAttach",
      "rolebindingClusterRolePodExecAttach",
      "rolebindingRolePodExecAttach",
    ],
    checkov: ["CKV2_K8S_2"],
    trivy: ["KSV-0053", "KSV053", "KSV-0054", "KSV054"],
  },
  description:
    "pods/exec and pods/attach run commands inside containers, with their ServiceAccount token and mounted Secrets; pods/portforward tunnels into them past NetworkPolicies. `create` on nodes/proxy reaches the same through the kubelet API. Whoever holds these owns every workload in scope.",
  remediation:
    "Keep exec/attach/port-forward for break-glass roles bound for a limited time; give day-to-day users logs (`pods/log`) and read access instead.",
  capability: "exec/attach/port-forward into pods",
  grants: (rules, namespaced) => firstGrant(rules, namespaced ? [POD_SHELL] : [POD_SHELL, KUBELET_EXEC]),
});
