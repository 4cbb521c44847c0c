import { fail, notApplicable, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { PSA_ENFORCE } from "./policy-engines.js";

const LEVELS = new Set(["privileged", "baseline", "restricted"]);

/** " (only warn and audit, which do not block)" for the labels that only report, "" when there are none. */
function reportOnlyNote(labels: Record<string, string> | undefined): string {
  const warn = Boolean(labels?.["pod-security.kubernetes.io/warn"]);
  const audit = Boolean(labels?.["pod-security.kubernetes.io/audit"]);
  if (!warn && !audit) return "";
  return ` (only ${warn && audit ? "warn and audit" : warn ? "warn" : "audit"}, which do not block)`;
}

export const psaEnforceLabel = defineCheck({
  id: "psa-enforce-label",
  title: "Namespaces enforce a Pod Security Standard",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: ["Namespace"],
  references: { kubescape: ["C-0193", "C-0194", "C-0195", "C-0196", "C-0199", "C-0202", "C-0203", "C-0204"] },
  description:
    "Pod Security Admission enforces only what a namespace's `pod-security.kubernetes.io/enforce` label asks for. Without it (or with `privileged`) the namespace admits privileged containers, host namespaces and hostPath volumes, unless a policy engine covers it. `warn` and `audit` labels report but do not block. Configured system namespaces may run privileged and are not applicable. A cluster-wide default set in the API server's AdmissionConfiguration is not visible through the API; waive this check if you rely on one.",
  remediation:
    "Label the namespace `pod-security.kubernetes.io/enforce=baseline` (or `restricted`) after checking with `kubectl label --dry-run=server` which running pods would be rejected; pin `enforce-version` if you need stability across upgrades.",
  evaluate(ctx) {
    const system = new Set(ctx.settings.systemNamespaces);
    const results: CheckResult[] = [];
    // Indexed: this runs once per audit over every namespace, mostly unoptimised.
    const namespaces = ctx.index.ofKind("Namespace");
    for (let i = 0; i < namespaces.length; i++) {
      const ns = namespaces[i]!;
      const ref = refOf(ns);
      if (system.has(ns.metadata.name)) {
        results.push(notApplicable(ref, "system namespace (settings.systemNamespaces)"));
        continue;
      }
      const level = ns.metadata.labels?.[PSA_ENFORCE];
      if (level === undefined) {
        results.push(fail(ref, `no ${PSA_ENFORCE} label${reportOnlyNote(ns.metadata.labels)}: any pod is admitted`));
      } else if (!LEVELS.has(level)) {
        results.push(fail(ref, `${PSA_ENFORCE}=${level} is not a Pod Security level; the API server rejects such labels on update`));
      } else if (level === "privileged") {
        results.push(fail(ref, `${PSA_ENFORCE}=privileged admits any pod`));
      } else {
        results.push(pass(ref, `enforces the ${level} Pod Security Standard`));
      }
    }
    return results;
  },
});
