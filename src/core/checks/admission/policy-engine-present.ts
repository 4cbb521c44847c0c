import { fail, notApplicable, pass } from "../helpers.js";
import { defineCheck } from "../types.js";
import { POLICY_KINDS, policyEvidence } from "./policy-engines.js";

const CLUSTER = { kind: "Cluster", name: "cluster" };

export const policyEnginePresent = defineCheck({
  id: "policy-engine-present",
  title: "An admission policy mechanism enforces pod security",
  severity: "high",
  category: "admission",
  needs: ["objects"],
  kinds: POLICY_KINDS,
  references: { cis: ["5.2.1"], kubescape: ["C-0192"] },
  description:
    "Without an enforcing admission mechanism (Pod Security Admission `enforce` labels, Kyverno policies in Enforce mode, Gatekeeper constraints, ValidatingAdmissionPolicies bound with Deny, or OpenShift's SCC admission), nothing stops a privileged or host-namespace pod from being created; every other pod-security finding can only be fixed after the fact. Judged over the whole cluster, so loose manifest folders are not applicable. A Pod Security default set in the API server's AdmissionConfiguration file is invisible to the API; waive this check if you use one.",
  remediation:
    "Label namespaces with `pod-security.kubernetes.io/enforce: baseline` (or `restricted`), or install a policy engine and switch its pod-security policies from Audit to Enforce.",
  evaluate(ctx) {
    if (!ctx.index.snapshot.complete) return [notApplicable(CLUSTER, "needs a whole-cluster snapshot; the input is a set of files")];
    if (ctx.platform.name === "openshift") return [pass(CLUSTER, "OpenShift enforces SecurityContextConstraints on every pod")];
    const { enforcing, auditOnly } = policyEvidence(ctx.index, ctx.settings.systemNamespaces);
    if (enforcing.length) return [pass(CLUSTER, `enforced by ${enforcing.join("; ")}`)];
    return [fail(CLUSTER, `no enforcing admission policy found${auditOnly.length ? ` (only ${auditOnly.join("; ")})` : ""}`)];
  },
});
