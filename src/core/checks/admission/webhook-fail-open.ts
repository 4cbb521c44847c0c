import type { KubeObject } from "../../snapshot/types.js";
import { fail, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { SECURITY_WEBHOOK } from "./policy-engines.js";

interface Webhook {
  name?: string;
  failurePolicy?: string;
  clientConfig?: { service?: { name?: string; namespace?: string }; url?: string };
}

function isSecurityWebhook(config: KubeObject, hooks: readonly Webhook[]): boolean {
  const names = [config.metadata.name, ...hooks.flatMap((h) => [h.name ?? "", h.clientConfig?.service?.name ?? "", h.clientConfig?.service?.namespace ?? ""])];
  return names.some((n) => SECURITY_WEBHOOK.test(n));
}

export const admissionWebhookFailOpen = defineCheck({
  id: "admission-webhook-fail-open",
  title: "Security admission webhooks fail closed",
  severity: "medium",
  category: "admission",
  needs: ["objects", "heuristic"],
  kinds: ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"],
  references: {},
  description:
    "A policy or security webhook with `failurePolicy: Ignore` (the default of the old v1beta1 API) lets every request through while its server is down, overloaded or unreachable: an attacker who can disturb the webhook switches the policy off. Which webhooks are security webhooks is guessed from their names and services (Kyverno, Gatekeeper, OPA, Kubewarden, image verification, runtime security...), so this is a heuristic.",
  remediation:
    "Set `failurePolicy: Fail` on the policy webhooks, run their servers with several replicas and a PodDisruptionBudget, and exclude only the namespaces the webhook itself needs to start (namespaceSelector) so a cold start cannot deadlock.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const kind of ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]) {
      for (const config of ctx.index.ofKind(kind)) {
        const hooks = (config["webhooks"] as Webhook[] | undefined) ?? [];
        if (!isSecurityWebhook(config, hooks)) continue;
        const defaultPolicy = config.apiVersion.endsWith("/v1beta1") ? "Ignore" : "Fail";
        const open = hooks.filter((h) => (h.failurePolicy ?? defaultPolicy) === "Ignore").map((h) => h.name ?? "?");
        const ref = refOf(config);
        results.push(
          open.length
            ? fail(ref, `fails open (failurePolicy Ignore) for ${open.join(", ")}: requests pass unchecked while the webhook is unavailable`)
            : pass(ref, "every webhook fails closed"),
        );
      }
    }
    return results;
  },
});
