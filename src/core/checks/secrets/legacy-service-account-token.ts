import { fail, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";

export const legacyServiceAccountToken = defineCheck({
  id: "legacy-service-account-token",
  title: "No long-lived ServiceAccount token Secrets",
  severity: "medium",
  category: "secrets",
  needs: ["objects"],
  kinds: ["Secret"],
  references: {},
  description:
    "A Secret of type kubernetes.io/service-account-token holds a token that never expires and is not bound to a pod: anyone who reads it once keeps the ServiceAccount's permissions until the Secret is deleted. Since Kubernetes 1.24 pods get short-lived projected tokens instead, and the legacy ones are only created by hand or by old tooling.",
  remediation:
    "Delete the Secret; give pods projected tokens (the default) and external clients `kubectl create token` or the TokenRequest API with a short expiry.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const s of ctx.index.ofKind("Secret")) {
      const ref = refOf(s);
      if (s["type"] !== "kubernetes.io/service-account-token") {
        results.push(pass(ref, "not a ServiceAccount token"));
        continue;
      }
      const sa = s.metadata.annotations?.["kubernetes.io/service-account.name"] ?? "an unnamed ServiceAccount";
      results.push(fail(ref, `holds a non-expiring token for ServiceAccount ${sa}`));
    }
    return results;
  },
});
