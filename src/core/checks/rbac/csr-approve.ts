import { defineGrantCheck } from "./grant-check.js";
import { findGrant, grantText } from "./rules.js";

const GROUP = ["certificates.k8s.io"];

export const rbacCsrApprove = defineGrantCheck({
  id: "rbac-csr-approve",
  title: "Approving certificate signing requests is not granted",
  severity: "high",
  references: { cis: ["5.1.11"], kubescape: ["C-0280"], checkov: ["CKV_K8S_156"] },
  description:
    "Approving a CertificateSigningRequest for the kube-apiserver-client signer mints a client certificate for any user and group, system:masters included, that the API server trusts until it expires and that RBAC cannot revoke.",
  remediation:
    "Leave CSR approval to the controller manager's approvers; if a tool must approve, limit its `approve` verb on `signers` with `resourceNames` to the one signer it serves.",
  capability: "approving certificate signing requests",
  clusterScoped: true,
  grants(rules, namespaced) {
    if (namespaced) return undefined;
    // Approval needs both: writing the approval subresource and `approve` on the signer.
    const approval = findGrant(rules, { verbs: ["update", "patch"], groups: GROUP, resources: ["certificatesigningrequests/approval"], countNamedResources: true });
    const signer = findGrant(rules, { verbs: ["approve"], groups: GROUP, resources: ["signers"] });
    return approval && signer ? `${grantText(approval)} and ${grantText(signer)}` : undefined;
  },
});
