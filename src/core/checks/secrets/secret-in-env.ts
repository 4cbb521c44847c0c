import { evaluateContainers } from "../helpers.js";
import { listAt } from "../../snapshot/manifest-values.js";
import { defineCheck } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import type { Container } from "../../snapshot/k8s-types.js";

const NONE: readonly never[] = [];

// Runs for every container and most read no Secret: decide that without
// building the list of uses, which only a failure's message needs.
function readsSecrets(container: Container): boolean {
  const env = listAt(container.env, "env");
  for (let i = 0; i < env.length; i++) if (env[i]!.valueFrom?.secretKeyRef) return true;
  const envFrom = listAt(container.envFrom, "envFrom");
  for (let i = 0; i < envFrom.length; i++) if (envFrom[i]!.secretRef) return true;
  return false;
}

/** "DB_PASSWORD from Secret db key password, all keys of Secret api": env entries first, then envFrom. */
function secretUses(container: Container): string {
  const uses: string[] = [];
  for (const e of container.env ?? NONE) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) uses.push(`${e.name} from Secret ${ref.name ?? "?"} key ${ref.key ?? "?"}`);
  }
  for (const e of container.envFrom ?? NONE) if (e.secretRef) uses.push(`all keys of Secret ${e.secretRef.name ?? "?"}`);
  return uses.join(", ");
}

export const secretInEnv = defineCheck({
  id: "secret-in-env",
  title: "Secrets are mounted as files, not exposed as environment variables",
  severity: "medium",
  category: "secrets",
  needs: ["objects"],
  kinds: WORKLOAD_READ_KINDS,
  references: { cis: ["5.4.1"], kubescape: ["C-0207"], checkov: ["CKV_K8S_35"] },
  description:
    "Environment variables leak: child processes inherit them, crash reporters and debug endpoints dump them, `kubectl describe` and /proc/<pid>/environ show them, and they never change until the pod restarts. A Secret mounted as a file stays out of those paths and is refreshed when the Secret is rotated.",
  remediation:
    "Mount the Secret as a volume (`volumes[].secret`, read-only) and have the application read the file; drop the `secretKeyRef` / `envFrom.secretRef` entries.",
  evaluate: (ctx) =>
    evaluateContainers(
      ctx,
      (c) => (readsSecrets(c.container) ? `${c.type} ${c.container.name} reads secrets into its environment: ${secretUses(c.container)}` : null),
      "uses no Secret in its environment",
    ),
});
