import { fail, refOf } from "../helpers.js";
import { defineCheck } from "../types.js";
import { walk, walkLists } from "../rule-batch.js";

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
  // A walk over every Secret (in the audit's batch): most are no token, and
  // their passes are only counted, without a ref, unless passes are kept.
  evaluate: (ctx) =>
    walkLists(ctx, [
      walk(ctx.index.ofKind("Secret"), (out) => (s) => {
        if (s["type"] !== "kubernetes.io/service-account-token") {
          if (out.keepsPasses) out.pass(refOf(s), "not a ServiceAccount token");
          else out.countPass();
          return;
        }
        const sa = s.metadata.annotations?.["kubernetes.io/service-account.name"] ?? "an unnamed ServiceAccount";
        out.add(fail(refOf(s), `holds a non-expiring token for ServiceAccount ${sa}`));
      }),
    ]),
});
