import { evaluateContainers } from "../helpers.js";
import { listAt } from "../../snapshot/manifest-values.js";
import { defineCheck } from "../types.js";
import { WORKLOAD_READ_KINDS } from "../network/policy-model.js";
import { sensitivePair } from "./credential-patterns.js";
import type { EnvVar } from "../../snapshot/k8s-types.js";


export const sensitiveEnvLiteral = defineCheck({
  id: "sensitive-env-literal",
  title: "Credentials are not written into pod specs",
  severity: "high",
  category: "secrets",
  needs: ["objects"],
  kinds: WORKLOAD_READ_KINDS,
  references: { kubescape: ["C-0012"], polaris: ["sensitiveContainerEnvVar"] },
  description:
    "A credential written as a literal `env[].value` lives in the workload manifest: in Git, in every `kubectl get -o yaml`, in the ReplicaSet history, and readable by anyone who can read the workload (far more people than can read Secrets). Flagged: variables whose name says password/token/secret/key/credential with a literal value, and any value that is recognisably a private key, cloud or SaaS token, JWT or URL with a password. Messages name the variable, never the value.",
  remediation:
    "Move the value into a Secret (or an external secret store synced to one), rotate it since it has been exposed, and mount it as a file; `valueFrom.secretKeyRef` at least keeps it out of the manifest.",
  evaluate: (ctx) => {
    // Thousands of containers set the same few variables: judge each name and value once per audit.
    const judged = new Map<string, Map<string | undefined, string | undefined>>();
    const judge = (name: string, value: string | undefined): string | undefined => {
      let byValue = judged.get(name);
      if (!byValue) judged.set(name, (byValue = new Map()));
      if (byValue.has(value)) return byValue.get(value);
      const why = sensitivePair(name, value);
      byValue.set(value, why);
      return why;
    };
    // Most containers hold no credential: judge every variable before listing any.
    const holdsCredential = (env: readonly EnvVar[]): boolean => {
      for (let i = 0; i < env.length; i++) if (judge(env[i]!.name, env[i]!.value) !== undefined) return true;
      return false;
    };
    return evaluateContainers(
      ctx,
      (c) => {
        const env = listAt(c.container.env, "env");
        if (!holdsCredential(env)) return null;
        const hits = env.flatMap((e) => {
          const why = judge(e.name, e.value);
          return why ? [`${e.name} ${why}`] : [];
        });
        return `${c.type} ${c.container.name}: ${hits.join("; ")}`;
      },
      "no credential-like literal values in its environment",
    );
  },
});
