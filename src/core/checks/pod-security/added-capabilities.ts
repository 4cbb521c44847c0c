import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { RESTRICTED_ADDABLE, addedCapabilities } from "./capabilities.js";

export const addedCapabilitiesCheck = defineCheck({
  id: "added-capabilities",
  title: "Containers should add no capability beyond NET_BIND_SERVICE",
  severity: "low",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    checkov: ["CKV_K8S_25"],
  },
  description:
    "The Pod Security Standards (restricted) allow a container to add only NET_BIND_SERVICE; every other added capability widens what a compromised process can do. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Remove entries from `securityContext.capabilities.add`, or document the need with a waiver that names the capability.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => {
        const added = addedCapabilities(c);
        if (added.length === 0) return null; // most containers add nothing: no list to filter
        const extra = added.filter((cap) => !RESTRICTED_ADDABLE.has(cap));
        return extra.length > 0 ? `${c.label} adds ${[...new Set(extra)].join(", ")}` : null;
      },
      "adds no capability beyond NET_BIND_SERVICE",
      { hostAccess: true },
    ),
});
