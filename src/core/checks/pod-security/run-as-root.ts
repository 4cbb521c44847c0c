import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

// Polaris semantics: runAsNonRoot: true, or any non-zero runAsUser, at pod or
// container level (the container value wins). The stricter "high UID" rule of
// kube-score and Checkov CKV_K8S_40 is the separate low-uid-gid check.
export const runAsRoot = defineCheck({
  id: "run-as-root",
  title: "Containers must not run as root",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.7"],
    kubescape: ["C-0013"],
    polaris: ["runAsRootAllowed"],
    checkov: ["CKV_K8S_23"],
    trivy: ["KSV-0012", "KSV012"],
  },
  description:
    "A container that may run as UID 0 is root inside its namespace; combined with any other weakness (hostPath, a kernel bug, a writable host mount) it becomes root on the node. Without `runAsNonRoot: true` or a non-zero `runAsUser`, the image's USER decides, and it is often root.",
  remediation:
    "Set `securityContext.runAsNonRoot: true` (pod or container level) and, if the image has no numeric non-root USER, a `runAsUser` such as 10001.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        const { runAsUser, runAsNonRoot } = c.securityContext;
        if (runAsUser === 0) return `${c.label} runs as UID 0 (runAsUser: 0)`;
        if (runAsNonRoot === true) return null;
        if (typeof runAsUser === "number" && runAsUser > 0) return null;
        return runAsNonRoot === false
          ? `${c.label} sets runAsNonRoot: false and no non-zero runAsUser`
          : `${c.label} sets neither runAsNonRoot: true nor a non-zero runAsUser; it runs as whatever user the image declares`;
      },
      "runs as a non-root user",
    ),
});
