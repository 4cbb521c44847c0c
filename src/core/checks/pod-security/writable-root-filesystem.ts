import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

export const writableRootFilesystem = defineCheck({
  id: "writable-root-filesystem",
  title: "Containers should use a read-only root filesystem",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0017"],
    polaris: ["notReadOnlyRootFilesystem"],
    kubeScore: ["container-security-context-readonlyrootfilesystem"],
    checkov: ["CKV_K8S_22"],
    trivy: ["KSV-0014", "KSV014"],
  },
  description:
    "A writable root filesystem lets an attacker drop tools and binaries into the container or tamper with the application's own files.",
  remediation:
    "Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir for the paths the application must write to (/tmp, caches).",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        const value = c.securityContext.readOnlyRootFilesystem;
        if (value === true) return null;
        return value === false
          ? `${c.label} sets readOnlyRootFilesystem: false`
          : `${c.label} does not set readOnlyRootFilesystem: true`;
      },
      "root filesystem is read-only",
    ),
});
