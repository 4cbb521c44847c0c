import { fail, notApplicable, pass, refOf, workloadRef } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";

// Objects Kubernetes itself creates in `default`; they are not a tenant's choice.
const BUILT_IN: Record<string, string> = {
  Service: "kubernetes",
  ServiceAccount: "default",
  ConfigMap: "kube-root-ca.crt",
};

const OTHER_KINDS = ["Service", "ServiceAccount", "ConfigMap"];

export const defaultNamespace = defineCheck({
  id: "default-namespace",
  title: "Workloads and their objects should not live in the default namespace",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: [...WORKLOAD_CHECK_KINDS, ...OTHER_KINDS],
  references: {
    cis: ["5.6.4"],
    kubescape: ["C-0061", "C-0212"],
    checkov: ["CKV_K8S_21"],
  },
  description:
    "The default namespace is where everything lands by accident: it usually has no Pod Security labels, NetworkPolicies, quotas or narrow RBAC, and objects there share one boundary with whatever else was applied without a namespace.",
  remediation:
    "Create a namespace per application or team, move the workload and its Services, ServiceAccounts and ConfigMaps there, and set `namespace:` explicitly in manifests.",
  evaluate: (ctx) => {
    const results: CheckResult[] = [];
    for (const w of ctx.index.workloads()) {
      results.push(
        w.namespace === "default"
          ? fail(workloadRef(w), `${w.kind} ${w.name} runs in the default namespace`)
          : pass(workloadRef(w), `in namespace ${w.namespace}`),
      );
    }
    for (const kind of OTHER_KINDS) {
      for (const obj of ctx.index.ofKindInNamespace(kind, "default")) {
        results.push(
          BUILT_IN[kind] === obj.metadata.name
            ? notApplicable(refOf(obj), `created by Kubernetes in every cluster`)
            : fail(refOf(obj), `${kind} ${obj.metadata.name} is in the default namespace`),
        );
      }
    }
    return results;
  },
});
