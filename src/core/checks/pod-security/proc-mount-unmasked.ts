import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const procMountUnmasked = defineCheck({
  id: "proc-mount-unmasked",
  title: "Containers must keep the default /proc mask",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    polaris: ["procMount"],
    trivy: ["KSV-0027", "KSV027"],
  },
  description:
    "`procMount: Unmasked` (or any value other than Default) removes the masking of sensitive /proc paths that keeps a container from reading and writing kernel settings of the node.",
  remediation: "Remove `securityContext.procMount` or set it to `Default`.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c) => {
        const value = c.securityContext.procMount;
        return value === undefined || value === null || value === "Default" ? null : `${c.label} sets procMount: ${String(value)}`;
      },
      "default /proc mask",
    ),
});
