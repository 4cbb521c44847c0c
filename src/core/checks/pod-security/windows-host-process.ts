import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const windowsHostProcess = defineCheck({
  id: "windows-host-process",
  title: "Windows containers must not run as HostProcess",
  severity: "critical",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.10"],
    trivy: ["KSV-0103", "KSV103"],
  },
  description:
    "A Windows HostProcess container runs directly on the node as a host process, the Windows equivalent of a privileged container. Workloads in the configured system namespaces are allow-listed.",
  remediation:
    "Remove `securityContext.windowsOptions.hostProcess: true` (pod and container level); run node management through the node's own tooling.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c, w) => {
        const own = c.container.securityContext?.windowsOptions?.hostProcess;
        const pod = w.podSpec.securityContext?.windowsOptions?.hostProcess;
        return own === true || (own !== false && pod === true) ? `${c.label} runs as a Windows HostProcess container` : null;
      },
      "not a HostProcess container",
      { hostAccess: true },
    ),
});
