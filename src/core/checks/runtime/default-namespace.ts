import { fail, notApplicable, refOf, workloadRef } from "../helpers.js";
import { defineCheck } from "../types.js";
import { walk, walkLists } from "../rule-batch.js";
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
  // Walks (in the audit's batch) over every workload, then the other kinds'
  // objects in `default`. Most workloads pass: counted, unless passes are kept,
  // without building their message.
  evaluate: (ctx) =>
    walkLists(ctx, [
      walk(ctx.index.workloads(), (out) => (w) => {
        if (w.namespace === "default") out.add(fail(workloadRef(w), `${w.kind} ${w.name} runs in the default namespace`));
        else if (out.keepsPasses) out.pass(workloadRef(w), `in namespace ${w.namespace}`);
        else out.countPass();
      }),
      ...OTHER_KINDS.map((kind) =>
        walk(ctx.index.ofKindInNamespace(kind, "default"), (out) => (obj) => {
          out.add(
            BUILT_IN[kind] === obj.metadata.name
              ? notApplicable(refOf(obj), `created by Kubernetes in every cluster`)
              : fail(refOf(obj), `${kind} ${obj.metadata.name} is in the default namespace`),
          );
        }),
      ),
    ]),
});
