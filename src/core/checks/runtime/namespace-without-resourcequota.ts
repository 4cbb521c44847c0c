import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { namespacesWithout } from "./namespace-policies.js";

export const namespaceWithoutResourcequota = defineCheck({
  id: "namespace-without-resourcequota",
  title: "Namespaces with workloads should have a ResourceQuota",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: [...WORKLOAD_CHECK_KINDS, "ResourceQuota"],
  references: {
    trivy: ["KSV-0040", "KSV040"],
  },
  description:
    "A ResourceQuota bounds what one namespace can consume (CPU, memory, pods, Services of type LoadBalancer), so a compromised or runaway tenant cannot exhaust the cluster.",
  remediation: "Add a ResourceQuota to the namespace with `requests.cpu`, `requests.memory`, `limits.memory` and `pods` sized for the team.",
  evaluate: (ctx) => namespacesWithout(ctx, "ResourceQuota", "no ResourceQuota"),
});
