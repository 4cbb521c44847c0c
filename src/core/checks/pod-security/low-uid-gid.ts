import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

// The rule runs for every container: the problems are joined by hand, and the
// common ones are constants, so that a compliant container allocates nothing.
const NO_USER = "no runAsUser (the image decides)";
const NO_GROUP = "no runAsGroup (the image decides)";

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
    const below = ` is below UID/GID ${min}: `;
    return perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        const { runAsUser, runAsGroup } = c.securityContext;
        const user = typeof runAsUser !== "number" ? NO_USER : runAsUser < min ? `runAsUser ${runAsUser}` : undefined;
        const group = typeof runAsGroup !== "number" ? NO_GROUP : runAsGroup < min ? `runAsGroup ${runAsGroup}` : undefined;
        if (user === undefined) return group === undefined ? null : c.label + below + group;
        return c.label + below + (group === undefined ? user : `${user}, ${group}`);
      },
      `UID and GID at or above ${min}`,
    );
  },
});
