import { canPatchPodSpec, describeOwner, patchTarget, podSpecPatch, remediation, walkedPatchTarget, type PatchTarget } from "../pod-template-patch.js";
import { defineCheck } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { effectiveSeccomp, hasIgnoredAnnotation, isConfinedSeccomp, seccompContext, type SeccompContext } from "./seccomp.js";

/** Whether the fix may set the pod-level profile: none is set anywhere, and the pod is not Windows. */
function needsPodProfile(target: PatchTarget | undefined, sc: SeccompContext): boolean {
  const c = target?.container;
  if (!target || !c) return false;
  // An explicit Unconfined (field or annotation) was somebody's decision; only
  // fill in a profile where none is set anywhere.
  if (effectiveSeccomp(c, target, sc).source !== "none") return false;
  if (target.podSpec.securityContext?.seccompProfile?.type !== undefined) return false;
  const os = (target.podSpec as { os?: { name?: string } }).os;
  return os?.name !== "windows";
}

export const missingSeccompProfile = defineCheck({
  id: "missing-seccomp-profile",
  title: "Containers must run with a seccomp profile",
  severity: "medium",
  category: "pod-security",
  needs: ["objects", "configz"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.6.2"],
    kubescape: ["C-0210"],
    kubeScore: ["container-seccomp-profile"],
    checkov: ["CKV_K8S_31"],
    trivy: ["KSV-0030", "KSV030"],
  },
  description:
    "Without a seccomp profile (or with `Unconfined`) a container may call every system call, including the rarely needed ones most kernel exploits go through. `RuntimeDefault` or a `Localhost` profile passes, at pod or container level; the legacy seccomp annotations count on clusters older than 1.27, and a kubelet `seccompDefault: true` on every node counts for unset profiles.",
  remediation:
    "Set `securityContext.seccompProfile.type: RuntimeDefault` in the pod spec (or per container), or enable `seccompDefault` in every kubelet's configuration.",
  evaluate: (ctx) => {
    const sc = seccompContext(ctx.index.snapshot);
    return perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        const profile = effectiveSeccomp(c, w, sc);
        if (isConfinedSeccomp(profile.type)) return null;
        if (profile.type === undefined) {
          const ignored = !sc.annotationsHonoured && hasIgnoredAnnotation(c, w) ? " (the legacy seccomp annotation is ignored since Kubernetes 1.27)" : "";
          return `${c.label} has no seccomp profile${ignored}`;
        }
        return `${c.label} uses seccomp profile ${profile.type} (from the ${profile.source})`;
      },
      "seccomp profile RuntimeDefault or Localhost",
      { fixable: (c, w) => needsPodProfile(walkedPatchTarget(ctx, w, c, c.ref), sc) && canPatchPodSpec(c.ref.kind) },
    );
  },
  fixable: (ctx, result) => needsPodProfile(patchTarget(ctx, result), seccompContext(ctx.index.snapshot)) && canPatchPodSpec(result.resource.kind),
  fix(ctx, result) {
    if (!needsPodProfile(patchTarget(ctx, result), seccompContext(ctx.index.snapshot))) return undefined;
    const patch = podSpecPatch(result.resource.kind, { securityContext: { seccompProfile: { type: "RuntimeDefault" } } });
    if (!patch) return undefined;
    return remediation(
      result.resource,
      patch,
      `set the pod-level seccomp profile of ${describeOwner(result.resource)} to RuntimeDefault; the runtime's default profile only blocks syscalls ordinary applications do not make`,
    );
  },
});
