import { fail, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { credentialAssignments, sensitivePair } from "./credential-patterns.js";

export const sensitiveConfigmapData = defineCheck({
  id: "sensitive-configmap-data",
  title: "ConfigMaps hold no credentials",
  severity: "high",
  category: "secrets",
  needs: ["objects"],
  kinds: ["ConfigMap"],
  references: { kubescape: ["C-0012"], polaris: ["sensitiveConfigmapContent"] },
  description:
    "ConfigMaps are meant to be read widely: `view` grants them, they are never encrypted at rest, and they are printed in logs and dashboards. A key named like a credential with a literal value, a value that is a private key or token, or a config file with `password: ...` lines puts that credential in front of everyone. Messages name the key (and line), never the value.",
  remediation:
    "Move the credential into a Secret, reference it from the config file through an environment variable or a mounted file, and rotate it.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const cm of ctx.index.ofKind("ConfigMap")) {
      const ref = refOf(cm);
      const data = (cm["data"] as Record<string, unknown> | undefined) ?? {};
      const hits: string[] = [];
      for (const [key, raw] of Object.entries(data)) {
        if (typeof raw !== "string") continue;
        const why = sensitivePair(key, raw);
        if (why) {
          hits.push(`key ${key} ${why}`);
          continue;
        }
        const lines = raw.includes("\n") ? credentialAssignments(raw) : [];
        if (lines.length) hits.push(`key ${key} assigns a credential on line ${lines.slice(0, 5).join(", ")}`);
      }
      results.push(hits.length ? fail(ref, hits.join("; ")) : pass(ref, "no credential-like keys or values"));
    }
    return results;
  },
});
