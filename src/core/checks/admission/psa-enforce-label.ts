import { fail, notApplicable, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { PSA_ENFORCE } from "./policy-engines.js";

const LEVELS = new Set(["privileged", "baseline", "restricted"]);

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
    for (const ns of ctx.index.ofKind("Namespace")) {
      const ref = refOf(ns);
      if (system.has(ns.metadata.name)) {
        results.push(notApplicable(ref, "system namespace (settings.systemNamespaces)"));
        continue;
      }
      const level = ns.metadata.labels?.[PSA_ENFORCE];
      if (level === undefined) {
        const soft = ["warn", "audit"].filter((m) => ns.metadata.labels?.[`pod-security.kubernetes.io/${m}`]);
        results.push(fail(ref, `no ${PSA_ENFORCE} label${soft.length ? ` (only ${soft.join(" and ")}, which do not block)` : ""}: any pod is admitted`));
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
