import type { KubeObject } from "../../snapshot/types.js";
import { fail, notApplicable, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";

// Secrets whose contents are not credentials someone should rotate by hand, or
// that expire or are rotated elsewhere.
const EXEMPT_TYPES = new Set(["kubernetes.io/service-account-token", "helm.sh/release.v1", "bootstrap.kubernetes.io/token"]);

/** Newest write of the object: creation, or the latest managedFields entry. */
export function lastWritten(obj: KubeObject): Date | undefined {
  const times = [obj.metadata.creationTimestamp, ...((obj.metadata["managedFields"] as { time?: string }[] | undefined) ?? []).map((m) => m.time)]
    .filter((t): t is string => typeof t === "string")
    .map((t) => new Date(t))
    .filter((d) => !Number.isNaN(d.getTime()));
  if (times.length === 0) return undefined;
  return new Date(Math.max(...times.map((d) => d.getTime())));
}

export const secretRotationAge = defineCheck({
  id: "secret-rotation-age",
  title: "Secrets are rotated within the allowed age",
  severity: "medium",
  category: "secrets",
  needs: ["objects"],
  kinds: ["Secret"],
  references: { cis: ["5.4.2"] },
  description:
    "A credential that never changes stays valid for whoever copied it once. The age is the time since the Secret was last written (its creationTimestamp or newest managedFields entry, so any update counts), compared with `secretMaxAgeDays`. ServiceAccount token, Helm release and bootstrap token Secrets are skipped; objects from manifests without timestamps are not applicable.",
  remediation:
    "Rotate the credential at its source, write the new value to the Secret and restart or reload its consumers; better, let an operator (External Secrets, cert-manager, Vault agent) rotate it on a schedule.",
  evaluate(ctx) {
    const max = ctx.settings.secretMaxAgeDays;
    const results: CheckResult[] = [];
    for (const s of ctx.index.ofKind("Secret")) {
      if (EXEMPT_TYPES.has(String(s["type"] ?? ""))) continue;
      const ref = refOf(s);
      const written = lastWritten(s);
      if (!written) {
        results.push(notApplicable(ref, "no creation or update time in the input (a manifest, not a live object)"));
        continue;
      }
      const days = Math.floor((ctx.now.getTime() - written.getTime()) / 86_400_000);
      results.push(
        days > max
          ? fail(ref, `last written ${days} days ago (${written.toISOString().slice(0, 10)}); the limit is ${max} days`)
          : pass(ref, `last written ${days} days ago, within ${max} days`),
      );
    }
    return results;
  },
});
