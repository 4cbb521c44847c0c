import { defineGrantCheck } from "./grant-check.js";
import { firstGrant } from "./rules.js";

export const rbacServiceAccountTokenCreate = defineGrantCheck({
  id: "rbac-sa-token-create",
  title: "Minting ServiceAccount tokens is limited",
  severity: "medium",
  references: { cis: ["5.1.13"], kubescape: ["C-0282"] },
  description:
    "create on serviceaccounts/token issues a token for any ServiceAccount in scope, with that account's permissions and a lifetime the caller picks (up to the API server's maximum).",
  remediation:
    "Grant serviceaccounts/token only to the components that mint tokens for others (CI runners, identity brokers), limited with `resourceNames` to the accounts they serve.",
  capability: "minting ServiceAccount tokens",
  grants: (rules) => firstGrant(rules, [{ verbs: ["create"], groups: [""], resources: ["serviceaccounts/token"] }]),
});
