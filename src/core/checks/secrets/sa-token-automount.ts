import { evaluateWorkloads } from "../helpers.js";
import { defineCheck } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import { tokenMount } from "./service-account-token.js";

export const saTokenAutomount = defineCheck({
  id: "sa-token-automount",
  title: "Pods mount a ServiceAccount token only when they use the API",
  severity: "medium",
  category: "secrets",
  needs: ["objects"],
  kinds: [...WORKLOAD_READ_KINDS, "ServiceAccount"],
  references: {
    cis: ["5.1.6"],
    kubescape: ["C-0034", "C-0190"],
    polaris: ["automountServiceAccountToken"],
    checkov: ["CKV_K8S_38"],
  },
  description:
    "Unless the pod spec or its ServiceAccount sets `automountServiceAccountToken: false`, every container gets an API token at /var/run/secrets/kubernetes.io/serviceaccount. Most applications never call the Kubernetes API; for them the token is only something an attacker who gets code execution can use. Evaluated with the API server's precedence (pod over ServiceAccount); configured system namespaces are skipped.",
  remediation:
    "Set `automountServiceAccountToken: false` on the ServiceAccount (or pod spec) of workloads that do not call the API. This is not applied automatically: a workload that does call the API would break.",
  evaluate: (ctx) =>
    evaluateWorkloads(
      ctx,
      (w) => {
        const t = tokenMount(ctx.index, w);
        return t.mounted ? `gets an API token mounted: ${t.why}` : null;
      },
      "no API token mounted",
      { exemptSystemNamespaces: true },
    ),
});
