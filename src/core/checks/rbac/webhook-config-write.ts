import { defineGrantCheck } from "./grant-check.js";
import { firstGrant } from "./rules.js";

export const rbacWebhookConfigWrite = defineGrantCheck({
  id: "rbac-webhook-config-write",
  title: "Admission webhook and policy configuration is not writable",
  severity: "high",
  references: { cis: ["5.1.12"], kubescape: ["C-0281"], checkov: ["CKV_K8S_155"], trivy: ["KSV-0114", "KSV114"] },
  description:
    "Whoever writes ValidatingWebhookConfigurations, MutatingWebhookConfigurations or ValidatingAdmissionPolicies can switch off policy enforcement, or send every created object (Secrets included) to a server of their choosing and rewrite pods as they are admitted.",
  remediation:
    "Leave admission configuration to the cluster's installer and the policy engine's own controller; remove create/update/patch/delete on these resources from other roles.",
  capability: "writing admission webhook or policy configuration",
  clusterScoped: true,
  grants: (rules, namespaced) =>
    namespaced
      ? undefined
      : firstGrant(rules, [
          {
            verbs: ["create", "update", "patch", "delete"],
            groups: ["admissionregistration.k8s.io"],
            resources: [
              "validatingwebhookconfigurations",
              "mutatingwebhookconfigurations",
              "validatingadmissionpolicies",
              "validatingadmissionpolicybindings",
              "mutatingadmissionpolicies",
              "mutatingadmissionpolicybindings",
            ],
            countNamedResources: true,
          },
        ]),
});
