import type { KubeObject } from "../../snapshot/types.js";
import { fail, notApplicable, refOf } from "../helpers.js";
import { defineCheck } from "../types.js";
import { walk, walkLists } from "../rule-batch.js";

// Secrets whose contents are not credentials someone should rotate by hand, or
// that expire or are rotated elsewhere.
const EXEMPT_TYPES = new Set(["kubernetes.io/service-account-token", "helm.sh/release.v1", "bootstrap.kubernetes.io/token"]);

/** Newest write of the object: creation, or the latest managedFields entry. */
export function lastWritten(obj: KubeObject): Date | undefined {
  const ms = lastWrittenMs(obj);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** `lastWritten` in epoch milliseconds, NaN when unknown: no Date for the Secrets that pass. */
function lastWrittenMs(obj: KubeObject): number {
  // A plain loop, no list of dates: this runs for every Secret.
  let newest = latest(Number.NaN, obj.metadata.creationTimestamp);
  const fields = obj.metadata["managedFields"] as { time?: unknown }[] | undefined;
  if (Array.isArray(fields)) for (let i = 0; i < fields.length; i++) newest = latest(newest, fields[i]?.time);
  return newest;
}

/** The later of `ms` and the time `text` names; unreadable text is ignored. */
function latest(ms: number, text: unknown): number {
  if (typeof text !== "string") return ms;
  const t = Date.parse(text);
  return Number.isNaN(t) || t <= ms ? ms : t;
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
  // A walk over every Secret (in the audit's batch): passes are only counted,
  // without a ref or message, unless passes are kept.
  evaluate(ctx) {
    const max = ctx.settings.secretMaxAgeDays;
    const now = ctx.now.getTime();
    return walkLists(ctx, [
      walk(ctx.index.ofKind("Secret"), (out) => (s) => {
        if (EXEMPT_TYPES.has(String(s["type"] ?? ""))) return;
        const written = lastWrittenMs(s);
        if (Number.isNaN(written)) {
          out.add(notApplicable(refOf(s), "no creation or update time in the input (a manifest, not a live object)"));
          return;
        }
        const days = Math.floor((now - written) / 86_400_000);
        if (days > max) {
          const date = new Date(written).toISOString().slice(0, 10);
          out.add(fail(refOf(s), `last written ${days} days ago (${date}); the limit is ${max} days`));
        } else if (out.keepsPasses) out.pass(refOf(s), `last written ${days} days ago, within ${max} days`);
        else out.countPass();
      }),
    ]);
  },
});
