import { fail, refOf } from "../helpers.js";
import { defineCheck } from "../types.js";
import { walk, walkLists } from "../rule-batch.js";

const NO_IPS: readonly string[] = [];

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
  // A walk over every Service (in the audit's batch): most set no externalIPs,
  // and their passes are only counted, without a ref, unless passes are kept.
  evaluate: (ctx) =>
    walkLists(ctx, [
      walk(ctx.index.ofKind("Service"), (out) => (svc) => {
        const listed = (svc["spec"] as { externalIPs?: string[] } | undefined)?.externalIPs ?? NO_IPS;
        if (listed.some(Boolean)) out.add(fail(refOf(svc), `claims external IPs ${listed.filter(Boolean).join(", ")}`));
        else if (out.keepsPasses) out.pass(refOf(svc), "sets no externalIPs");
        else out.countPass();
      }),
    ]),
});
