import { isEmptySelector } from "../../snapshot/labels.js";
import type { LabelSelector } from "../../snapshot/k8s-types.js";
import { fail, pass } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { ISTIO_ROOT_NAMESPACE, istioInstalled } from "./istio.js";
import { auditedNamespaces, namespaceRef, WORKLOAD_READ_KINDS } from "./policy-model.js";

export const istioAuthorizationPolicy = defineCheck({
  id: "istio-authorization-policy",
  title: "Istio namespaces have an AuthorizationPolicy",
  severity: "medium",
  category: "network",
  needs: ["objects"],
  kinds: ["Namespace", "AuthorizationPolicy", ...WORKLOAD_READ_KINDS],
  references: {},
  description:
    `Without an AuthorizationPolicy, Istio lets every workload of the mesh call every other one: mTLS proves who is calling, but nothing checks whether they may. A namespace passes when it has its own AuthorizationPolicy or when a mesh-wide one (no selector, in ${ISTIO_ROOT_NAMESPACE}) applies. Clusters without Istio get no findings.`,
  remediation:
    `Start from a deny-all (\`kind: AuthorizationPolicy, spec: {}\`) in ${ISTIO_ROOT_NAMESPACE} or in each namespace, then add ALLOW policies naming the source principals each workload accepts.`,
  evaluate(ctx) {
    if (!istioInstalled(ctx.index)) return [];
    const meshWide = ctx.index
      .ofKindInNamespace("AuthorizationPolicy", ISTIO_ROOT_NAMESPACE)
      .find((p) => isEmptySelector((p["spec"] as { selector?: LabelSelector } | undefined)?.selector));
    const results: CheckResult[] = [];
    for (const ns of auditedNamespaces(ctx.index, [...ctx.settings.systemNamespaces, ISTIO_ROOT_NAMESPACE])) {
      if (ctx.index.workloadsInNamespace(ns).length === 0) continue;
      const ref = namespaceRef(ctx.index, ns);
      const own = ctx.index.ofKindInNamespace("AuthorizationPolicy", ns);
      if (own.length > 0) results.push(pass(ref, `${own.length} AuthorizationPolic${own.length === 1 ? "y" : "ies"} (${own[0]!.metadata.name}${own.length > 1 ? ", ..." : ""})`));
      else if (meshWide) results.push(pass(ref, `covered by mesh-wide AuthorizationPolicy ${meshWide.metadata.name}`));
      else results.push(fail(ref, "no AuthorizationPolicy: any workload in the mesh may call its services"));
    }
    return results;
  },
});
