import { fail, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";

interface IngressSpec {
  tls?: { hosts?: string[]; secretName?: string }[] | null;
  rules?: { host?: string }[];
}

function coveredBy(host: string, tlsHosts: readonly string[]): boolean {
  return tlsHosts.some((t) => t === host || (t.startsWith("*.") && host.endsWith(t.slice(1)) && !host.slice(0, -t.length + 1).includes(".")));
}

export const ingressTls = defineCheck({
  id: "ingress-tls",
  title: "Ingresses serve their hosts over TLS",
  severity: "medium",
  category: "network",
  needs: ["objects"],
  kinds: ["Ingress"],
  references: { kubescape: ["C-0263"], polaris: ["tlsSettingsMissing"] },
  description:
    "An Ingress without a `tls` section serves its hosts in clear text: session cookies, tokens and form posts cross the network readable by anyone on the path. A host listed in the rules but in no `tls.hosts` entry is served in clear text too.",
  remediation:
    "Add `spec.tls` with the Ingress hosts and a certificate Secret (cert-manager can issue and renew it), and let the controller redirect HTTP to HTTPS.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const ing of ctx.index.ofKind("Ingress")) {
      const spec = (ing["spec"] as IngressSpec | undefined) ?? {};
      const ref = refOf(ing);
      const tls = spec.tls ?? [];
      if (tls.length === 0) {
        results.push(fail(ref, "has no tls section: every host is served over plain HTTP"));
        continue;
      }
      const tlsHosts = tls.flatMap((t) => t.hosts ?? []);
      // A tls entry without hosts applies to the controller's default certificate for every host.
      const hostless = tls.some((t) => !t.hosts?.length);
      const plain = hostless
        ? []
        : [...new Set((spec.rules ?? []).map((r) => r.host).filter((h): h is string => !!h && !coveredBy(h, tlsHosts)))];
      results.push(plain.length ? fail(ref, `hosts without TLS: ${plain.join(", ")}`) : pass(ref, "serves its hosts over TLS"));
    }
    return results;
  },
});
