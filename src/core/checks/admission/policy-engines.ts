// Evidence that admission policy is enforced somewhere: Pod Security Admission
// labels, Kyverno, Gatekeeper, ValidatingAdmissionPolicy, or a known policy
// webhook. Shared by the presence check and the fail-open webhook check.
import type { SnapshotIndex } from "../../snapshot/index.js";
import type { KubeObject } from "../../snapshot/types.js";

export const PSA_ENFORCE = "pod-security.kubernetes.io/enforce";

export const POLICY_KINDS = [
  "Namespace",
  "ClusterPolicy",
  "ConstraintTemplate",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
];

// Names of webhooks and their services that belong to policy or security tooling.
export const SECURITY_WEBHOOK =
  /kyverno|gatekeeper|\bopa\b|open-policy-agent|kubewarden|jspolicy|styra|policy|pod-security|psa|sigstore|cosign|connaisseur|ratify|image-?policy|falco|neuvector|kubescape|aqua|twistlock|prisma|sysdig|security/i;

function kyvernoEnforces(p: KubeObject): boolean {
  const spec = (p["spec"] as { validationFailureAction?: string; rules?: { validate?: { failureAction?: string } }[] } | undefined) ?? {};
  if ((spec.validationFailureAction ?? "").toLowerCase() === "enforce") return true;
  return (spec.rules ?? []).some((r) => (r.validate?.failureAction ?? "").toLowerCase() === "enforce");
}

function vapDenies(b: KubeObject): boolean {
  const actions = (b["spec"] as { validationActions?: string[] } | undefined)?.validationActions ?? [];
  return actions.includes("Deny");
}

export interface PolicyEvidence {
  enforcing: string[];
  auditOnly: string[];
}

export function policyEvidence(index: SnapshotIndex, systemNamespaces: readonly string[]): PolicyEvidence {
  const enforcing: string[] = [];
  const auditOnly: string[] = [];
  const system = new Set(systemNamespaces);
  const psa = index.ofKind("Namespace").filter((n) => {
    const level = n.metadata.labels?.[PSA_ENFORCE];
    return !system.has(n.metadata.name) && (level === "baseline" || level === "restricted");
  });
  if (psa.length) enforcing.push(`Pod Security Admission enforce labels on ${psa.length} namespace(s)`);
  // Namespaced Kyverno `Policy` objects are left out: the kind name is ambiguous
  // across API groups, and cluster-wide pod security lives in ClusterPolicies.
  const kyverno = index.ofKind("ClusterPolicy").filter((p) => p.apiVersion.startsWith("kyverno.io/"));
  const enforced = kyverno.filter(kyvernoEnforces);
  if (enforced.length) enforcing.push(`${enforced.length} Kyverno polic${enforced.length === 1 ? "y" : "ies"} in Enforce mode`);
  else if (kyverno.length) auditOnly.push(`${kyverno.length} Kyverno polic${kyverno.length === 1 ? "y" : "ies"} in Audit mode only`);
  const templates = index.ofKind("ConstraintTemplate");
  if (templates.length) enforcing.push(`${templates.length} Gatekeeper ConstraintTemplate(s)`);
  const vapBindings = index.ofKind("ValidatingAdmissionPolicyBinding");
  if (vapBindings.some(vapDenies)) enforcing.push("ValidatingAdmissionPolicy bindings with Deny");
  else if (vapBindings.length) auditOnly.push("ValidatingAdmissionPolicy bindings that only warn or audit");
  const hooks = index.ofKind("ValidatingWebhookConfiguration").filter((h) => SECURITY_WEBHOOK.test(h.metadata.name));
  if (hooks.length && !enforcing.length) enforcing.push(`policy webhook ${hooks[0]!.metadata.name}`);
  return { enforcing, auditOnly };
}
