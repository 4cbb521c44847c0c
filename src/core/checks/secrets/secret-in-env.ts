import { evaluateContainers } from "../helpers.js";
import { defineCheck } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";

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
      (c) => {
        const uses = [
          ...(c.container.env ?? []).flatMap((e) => {
            const ref = e.valueFrom?.secretKeyRef;
            return ref ? [`${e.name} from Secret ${ref.name ?? "?"} key ${ref.key ?? "?"}`] : [];
          }),
          ...(c.container.envFrom ?? []).flatMap((e) => (e.secretRef ? [`all keys of Secret ${e.secretRef.name ?? "?"}`] : [])),
        ];
        return uses.length ? `${c.type} ${c.container.name} reads secrets into its environment: ${uses.join(", ")}` : null;
      },
      "uses no Secret in its environment",
    ),
});
