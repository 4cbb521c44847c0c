import { defineGrantCheck } from "./grant-check.js";
import { firstGrant } from "./rules.js";

export const rbacNodesProxy = defineGrantCheck({
  id: "rbac-nodes-proxy",
  title: "Access to the kubelet API through nodes/proxy is not granted",
  severity: "high",
  references: { cis: ["5.1.10"], kubescape: ["C-0279"], trivy: ["KSV-0047", "KSV047"] },
  description:
    "nodes/proxy forwards requests to the kubelet API of any node, bypassing admission and most audit logging: it lists every pod, reads logs and, with `create` (or `get` over WebSocket), runs commands in any container on the node.",
  remediation:
    "Grant nodes/proxy only to monitoring components that need kubelet metrics, prefer the `nodes/metrics` and `nodes/stats` subresources, and never to people.",
  capability: "kubelet API access (nodes/proxy)",
  clusterScoped: true,
  grants: (rules, namespaced) =>
    namespaced
      ? undefined
      : firstGrant(rules, [{ verbs: ["get", "create", "update", "patch", "delete"], groups: [""], resources: ["nodes/proxy"], countNamedResources: true }]),
});
