import { fail, pass, refOf } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";

export const serviceExternalIps = defineCheck({
  id: "service-external-ips",
  title: "Services do not set externalIPs",
  severity: "medium",
  category: "unused-features",
  needs: ["objects"],
  kinds: ["Service"],
  references: { trivy: ["KSV-0108", "KSV108", "AVD-KSV-0108"] },
  description:
    "`spec.externalIPs` makes every node accept traffic for an arbitrary IP and send it to the Service. Whoever can create Services can claim any address, including another tenant's or an external site's, and intercept its traffic (CVE-2020-8554). Few clusters need the feature.",
  remediation:
    "Use a LoadBalancer Service or an Ingress instead, and enable the DenyServiceExternalIPs admission plugin (or a policy) so the field cannot be set.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const svc of ctx.index.ofKind("Service")) {
      const ips = ((svc["spec"] as { externalIPs?: string[] } | undefined)?.externalIPs ?? []).filter(Boolean);
      const ref = refOf(svc);
      results.push(ips.length ? fail(ref, `claims external IPs ${ips.join(", ")}`) : pass(ref, "sets no externalIPs"));
    }
    return results;
  },
});
