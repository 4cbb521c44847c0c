import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { DANGEROUS_CAPABILITIES, addedCapabilitiesIn } from "./capabilities.js";

// Together with sys-admin-capability this is Polaris' dangerousCapabilities and
// kubescape's C-0046 list; split so that SYS_ADMIN/ALL carry critical severity.
export const dangerousCapabilities = defineCheck({
  id: "dangerous-capabilities",
  title: "Containers must not add dangerous capabilities",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0046"],
    polaris: ["dangerousCapabilities"],
  },
  description: `Capabilities such as ${[...DANGEROUS_CAPABILITIES].join(", ")} let a container change the node's network stack, load kernel modules, trace other processes or bypass file permissions. Workloads in the configured system namespaces are allow-listed.`,
  remediation:
    "Remove the capability from `securityContext.capabilities.add`; if a network or node agent really needs it, run it in an allow-listed namespace.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => {
        const found = addedCapabilitiesIn(c, DANGEROUS_CAPABILITIES);
        return found.length > 0 ? `${c.label} adds ${found.join(", ")}` : null;
      },
      "no dangerous capabilities added",
      { hostAccess: true },
    ),
});
