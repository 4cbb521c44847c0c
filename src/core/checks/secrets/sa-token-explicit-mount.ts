import { evaluateWorkloads } from "../helpers.js";
import { listAt } from "../../snapshot/manifest-values.js";
import { defineCheck } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import { TOKEN_PATH } from "./service-account-token.js";
import type { EffectiveContainer, Workload } from "../../snapshot/workloads.js";

const TOKEN_PATH_SLASH = `${TOKEN_PATH}/`;

// `mountPath.replace(/\/$/, "") === TOKEN_PATH` without a new string per mount;
// a value that is not a string still fails as it did.
function mountsTokenPath(mountPath: string): boolean {
  if (typeof mountPath !== "string") return (mountPath as string).replace(/\/$/, "") === TOKEN_PATH;
  return mountPath === TOKEN_PATH || mountPath === TOKEN_PATH_SLASH;
}


/** The first container that mounts a volume at the token path; loops, as this is asked of most workloads. */
function tokenPathMounter(w: Workload): EffectiveContainer | undefined {
  for (let i = 0; i < w.containers.length; i++) {
    const c = w.containers[i]!;
    const mounts = listAt(c.container.volumeMounts, "volumeMounts");
    for (let k = 0; k < mounts.length; k++) if (mountsTokenPath(mounts[k]!.mountPath)) return c;
  }
  return undefined;
}

export const saTokenExplicitMount = defineCheck({
  id: "sa-token-explicit-mount",
  title: "Pod specs do not force the ServiceAccount token in",
  severity: "low",
  category: "secrets",
  needs: ["objects"],
  kinds: WORKLOAD_READ_KINDS,
  references: { trivy: ["KSV-0036", "KSV036"] },
  description:
    "Trivy's reading of token protection: a pod spec that sets `automountServiceAccountToken: true` overrides a ServiceAccount that opted out, and a container that mounts a volume at the token path by hand defeats the opt-out the same way. A pod that merely leaves the field unset is judged by sa-token-automount instead.",
  remediation:
    "Remove `automountServiceAccountToken: true` from the pod spec and the hand-made mount at the token path; if the workload needs the API, say so on its dedicated ServiceAccount.",
  evaluate: (ctx) =>
    evaluateWorkloads(
      ctx,
      (w) => {
        const flag = w.podSpec.automountServiceAccountToken;
        if (flag === true) return "the pod spec sets automountServiceAccountToken: true";
        if (flag === undefined) {
          const c = tokenPathMounter(w);
          if (c) return `${c.type} ${c.container.name} mounts a volume at ${TOKEN_PATH}`;
        }
        return null;
      },
      "does not force a token into the pod",
      { exemptSystemNamespaces: true },
    ),
});
