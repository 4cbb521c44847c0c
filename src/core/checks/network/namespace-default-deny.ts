import { isEmptySelector } from "../../snapshot/labels.js";
import { fail, pass } from "../helpers.js";
import { defineCheck } from "../types.js";
import {
  auditedNamespaces,
  clusterPolicyCoversNamespace,
  namespaceRef,
  networkModel,
  POLICY_KINDS,
  WORKLOAD_READ_KINDS,
  type Direction,
  type PolicyView,
} from "./policy-model.js";

/**
 * The policy isolates every pod of its scope in this direction and lets in no
 * source it does not name: a Kubernetes rule without `from`/`to` admits all.
 * In Cilium an empty rule admits nothing, so any section counts.
 */
function deniesByDefault(p: PolicyView, direction: Direction): boolean {
  if (!isEmptySelector(p.podSelector) || !p.isolates[direction]) return false;
  if (p.kind !== "NetworkPolicy") return true;
  const peers = direction === "ingress" ? "from" : "to";
  return p.rules[direction].every((r) => Array.isArray(r[peers]) && (r[peers] as unknown[]).length > 0);
}

export const namespaceDefaultDeny = defineCheck({
  id: "namespace-default-deny",
  title: "Every namespace denies ingress by default",
  severity: "medium",
  category: "network",
  needs: ["objects"],
  kinds: ["Namespace", ...POLICY_KINDS, ...WORKLOAD_READ_KINDS],
  references: {},
  description:
    "With a default-deny policy (empty podSelector, Ingress in policyTypes, no rule that admits every source), a new workload starts isolated and only gets the traffic someone allowed. Without it, each workload is open until someone remembers to write its policy. Egress default-deny is reported in the message; its main risk, the cloud metadata endpoint, has its own check.",
  remediation:
    "Apply `kind: NetworkPolicy, spec: {podSelector: {}, policyTypes: [Ingress, Egress]}` to the namespace and add allow policies per workload (plus DNS egress to kube-system).",
  evaluate(ctx) {
    const model = networkModel(ctx.index);
    return auditedNamespaces(ctx.index, ctx.settings.systemNamespaces).map((ns) => {
      const ref = namespaceRef(ctx.index, ns);
      const scope = [...model.policiesInNamespace(ns), ...model.clusterPolicies.filter((p) => clusterPolicyCoversNamespace(p, ns))];
      const ingress = scope.find((p) => deniesByDefault(p, "ingress"));
      const egress = scope.find((p) => deniesByDefault(p, "egress"));
      const egressNote = egress ? `egress too (${egress.kind} ${egress.name})` : "egress is not denied by default";
      return ingress
        ? pass(ref, `ingress denied by default by ${ingress.kind} ${ingress.name}; ${egressNote}`)
        : fail(ref, `no default-deny ingress policy in namespace ${ns}; ${egressNote}`);
    });
  },
});
