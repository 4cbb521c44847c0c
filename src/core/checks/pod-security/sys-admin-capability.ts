import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { PRIVILEGE_EQUIVALENT_CAPABILITIES, addedCapabilitiesIn } from "./capabilities.js";

export const sysAdminCapability = defineCheck({
  id: "sys-admin-capability",
  title: "Containers must not add CAP_SYS_ADMIN or ALL capabilities",
  severity: "critical",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0057", "C-0046"],
    polaris: ["dangerousCapabilities"],
    checkov: ["CKV_K8S_39"],
    trivy: ["KSV-0005", "KSV005"],
  },
  description:
    "CAP_SYS_ADMIN (alone or through `add: [ALL]`) allows mounting filesystems, namespace tricks and most known container escapes: the container is privileged in all but name. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Remove SYS_ADMIN and ALL from `securityContext.capabilities.add`; add only the narrow capability the workload needs (often none, or NET_BIND_SERVICE).",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => {
        const found = addedCapabilitiesIn(c, PRIVILEGE_EQUIVALENT_CAPABILITIES);
        return found.length > 0 ? `${c.label} adds ${found.join(", ")}` : null;
      },
      "does not add SYS_ADMIN or ALL",
      { hostAccess: true },
    ),
});
