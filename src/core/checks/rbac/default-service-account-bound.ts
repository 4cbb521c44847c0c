import { fail } from "../helpers.js";
import { walk, walkLists } from "../rule-batch.js";
import { defineCheck } from "../types.js";
import { roleText } from "./grant-check.js";
import { RBAC_KINDS, rbacIndex } from "./resolver.js";

export const defaultServiceAccountBound = defineCheck({
  id: "default-service-account-bound",
  title: "Default ServiceAccounts are not granted roles",
  severity: "medium",
  category: "rbac",
  needs: ["objects"],
  kinds: RBAC_KINDS,
  references: { cis: ["5.1.5"], checkov: ["CKV_K8S_42"] },
  description:
    "Every pod that names no ServiceAccount runs as its namespace's `default` account. A role bound to `default` is therefore handed to every such pod, present and future, usually without anyone deciding so.",
  remediation:
    "Create a dedicated ServiceAccount for the workload that needs the permission, bind the role to it, set `serviceAccountName` on that workload, and remove `default` from the binding's subjects.",
  evaluate: (ctx) =>
    walkLists(ctx, [
      walk(rbacIndex(ctx.index).bindings, (out) => (b) => {
        if (b.builtIn) return;
        const ref = b.ref;
        const defaults = b.subjects.filter((s) => s.kind === "ServiceAccount" && s.name === "default");
        if (defaults.length > 0) {
          const role = b.role ? roleText(b.role) : `${b.roleRef.kind} ${b.roleRef.name}`;
          out.add(fail(ref, `binds ${role} to the default ServiceAccount of ${defaults.map((s) => s.namespace ?? "?").join(", ")}`), b.refSeed);
        } else out.pass(ref, "does not bind a default ServiceAccount", b.refSeed);
      }),
    ]),
});
