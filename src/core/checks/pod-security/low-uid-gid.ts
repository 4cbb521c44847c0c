import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

// kube-score and Checkov CKV_K8S_40 semantics: a UID/GID at or above the
// threshold cannot collide with a real account on the host. The plain
// "not root" rule is run-as-root.
export const lowUidGid = defineCheck({
  id: "low-uid-gid",
  title: "Containers should run with a high UID and GID",
  severity: "low",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubeScore: ["container-security-context-user-group-id"],
    checkov: ["CKV_K8S_40"],
    trivy: ["KSV-0020", "KSV020", "KSV-0021", "KSV021"],
  },
  description:
    "A low UID or GID may match a privileged account on the node (system users, the docker group); if the container ever escapes or shares a host mount, it acts with that account's rights. The threshold is `settings.minimumUid` (10000 by default).",
  remediation:
    "Set `securityContext.runAsUser` and `runAsGroup` (pod or container level) to values at or above the threshold, e.g. 10001, and build images whose files that user can read.",
  evaluate: (ctx) => {
    const min = ctx.settings.minimumUid;
    return perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        const problems: string[] = [];
        const { runAsUser, runAsGroup } = c.securityContext;
        if (typeof runAsUser !== "number") problems.push("no runAsUser (the image decides)");
        else if (runAsUser < min) problems.push(`runAsUser ${runAsUser}`);
        if (typeof runAsGroup !== "number") problems.push("no runAsGroup (the image decides)");
        else if (runAsGroup < min) problems.push(`runAsGroup ${runAsGroup}`);
        return problems.length === 0 ? null : `${c.label} is below UID/GID ${min}: ${problems.join(", ")}`;
      },
      `UID and GID at or above ${min}`,
    );
  },
});
