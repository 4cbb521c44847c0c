import type { Subject } from "../../snapshot/k8s-types.js";
import { fail } from "../helpers.js";
import { walk, walkLists } from "../rule-batch.js";
import { defineCheck } from "../types.js";
import { roleText } from "./grant-check.js";
import { RBAC_KINDS, rbacIndex } from "./resolver.js";

const isDefaultAccount = (s: Subject) => s.kind === "ServiceAccount" && s.name === "default";

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
        // Look before listing: most bindings name no default ServiceAccount.
        if (!b.subjects.some(isDefaultAccount)) {
          if (out.keepsPasses) out.pass(b.ref, "does not bind a default ServiceAccount", b.refSeed);
          else out.countPass();
          return;
        }
        const namespaces = b.subjects.filter(isDefaultAccount).map((s) => s.namespace ?? "?");
        const role = b.role ? roleText(b.role) : `${b.roleRef.kind} ${b.roleRef.name}`;
        out.add(fail(b.ref, `binds ${role} to the default ServiceAccount of ${namespaces.join(", ")}`), b.refSeed);
      }),
    ]),
});
