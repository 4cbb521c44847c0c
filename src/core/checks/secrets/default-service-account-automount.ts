import { fail, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";

export const defaultServiceAccountAutomount = defineCheck({
  id: "default-service-account-automount",
  title: "Default ServiceAccounts do not hand out API tokens",
  severity: "medium",
  category: "secrets",
  needs: ["objects"],
  kinds: ["ServiceAccount"],
  references: { cis: ["5.1.5"], kubescape: ["C-0189"], checkov: ["CKV_K8S_41"] },
  description:
    "Pods that name no ServiceAccount run as `default`. Unless `default` sets `automountServiceAccountToken: false`, each of them carries an API token it almost never needs, and anything later bound to `default` reaches all of them. Configured system namespaces are skipped.",
  remediation:
    "Set `automountServiceAccountToken: false` on every namespace's `default` ServiceAccount and give workloads that call the API a dedicated ServiceAccount.",
  evaluate(ctx) {
    const skip = new Set(ctx.settings.systemNamespaces);
    const results: CheckResult[] = [];
    for (const sa of ctx.index.ofKind("ServiceAccount")) {
      if (sa.metadata.name !== "default") continue;
      const ref = refOf(sa);
      if (skip.has(ref.namespace ?? "default")) continue;
      results.push(
        sa["automountServiceAccountToken"] === false
          ? pass(ref, "sets automountServiceAccountToken: false")
          : fail(ref, "mounts an API token into every pod that names no ServiceAccount"),
      );
    }
    return results;
  },
});
