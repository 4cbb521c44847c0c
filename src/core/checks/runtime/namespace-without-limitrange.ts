import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { namespacesWithout } from "./namespace-policies.js";

export const namespaceWithoutLimitrange = defineCheck({
  id: "namespace-without-limitrange",
  title: "Namespaces with workloads should have a LimitRange",
  severity: "low",
  category: "runtime",
  needs: ["objects"],
  kinds: [...WORKLOAD_CHECK_KINDS, "LimitRange"],
  references: {
    trivy: ["KSV-0039", "KSV039"],
  },
  description:
    "A LimitRange gives containers that declare no requests or limits sane defaults and caps what one container may ask for, so one forgotten manifest cannot take a node's memory.",
  remediation:
    "Add a LimitRange of type Container to the namespace with `default`, `defaultRequest` and `max` for cpu and memory.",
  evaluate: (ctx) => namespacesWithout(ctx, "LimitRange", "no LimitRange"),
});
