import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { addsCapability, dropsCapability } from "./capabilities.js";
import { effectiveSeccomp, isConfinedSeccomp, seccompContext } from "./seccomp.js";

// Polaris linuxHardening semantics: at least one kernel hardening mechanism per
// container (seccomp, SELinux, AppArmor, or all capabilities dropped). The
// dedicated checks judge each mechanism strictly; this one catches containers
// with none at all.
export const linuxHardening = defineCheck({
  id: "linux-hardening",
  title: "Containers should use at least one Linux hardening mechanism",
  severity: "low",
  category: "pod-security",
  needs: ["objects", "configz"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.6.3"],
    kubescape: ["C-0055"],
    polaris: ["linuxHardening"],
  },
  description:
    "A container with no seccomp profile, no SELinux options, no AppArmor profile and no `drop: [ALL]` runs with nothing between it and the kernel but namespaces.",
  remediation:
    "Set `seccompProfile.type: RuntimeDefault` (simplest), or an AppArmor profile, SELinux options, or `capabilities.drop: [ALL]` on the container.",
  evaluate: (ctx) => {
    const sc = seccompContext(ctx.index.snapshot);
    return perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        if (isConfinedSeccomp(effectiveSeccomp(c, w, sc).type)) return null;
        const se = c.securityContext.seLinuxOptions;
        if (se && Object.values(se).some((v) => typeof v === "string" && v !== "")) return null;
        const apparmor = c.securityContext.appArmorProfile?.type;
        if (apparmor === "RuntimeDefault" || apparmor === "Localhost") return null;
        if (dropsCapability(c, "ALL") && !addsCapability(c, "ALL")) return null;
        return `${c.label} has no seccomp profile, SELinux options, AppArmor profile or capabilities drop ALL`;
      },
      "at least one hardening mechanism set",
    );
  },
});
