import type { EffectiveContainer } from "../../snapshot/workloads.js";
import { canPatchContainer, containerPatch, describeOwner, patchTarget, remediation, walkedPatchTarget } from "../pod-template-patch.js";
import { defineCheck, type CheckContext, type CheckResult } from "../types.js";
import { isWindowsPod, perContainer, WINDOWS_NOT_APPLICABLE, WORKLOAD_CHECK_KINDS } from "./container-rules.js";
import { addsCapability } from "./capabilities.js";

/** The container the fix may change, or undefined when changing it is not safe. */
function containerToFix(ctx: CheckContext, result: CheckResult): EffectiveContainer | undefined {
  return safeToChange(patchTarget(ctx, result)?.container);
}

function safeToChange(c: EffectiveContainer | undefined): EffectiveContainer | undefined {
  // Only fill in what is unset: an explicit true was somebody's decision.
  if (!c || c.securityContext.allowPrivilegeEscalation !== undefined) return undefined;
  // The API rejects allowPrivilegeEscalation: false next to privileged or CAP_SYS_ADMIN.
  if (c.securityContext.privileged === true) return undefined;
  if (addsCapability(c, "SYS_ADMIN") || addsCapability(c, "ALL")) return undefined;
  return c;
}

const patchable = (c: EffectiveContainer | undefined, kind: string): boolean => c !== undefined && canPatchContainer(kind, c.type, c.container.name);

export const allowPrivilegeEscalation = defineCheck({
  id: "allow-privilege-escalation",
  title: "Containers must set allowPrivilegeEscalation: false",
  severity: "medium",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    cis: ["5.2.6"],
    kubescape: ["C-0016"],
    polaris: ["privilegeEscalationAllowed"],
    checkov: ["CKV_K8S_20"],
    trivy: ["KSV-0001", "KSV001"],
  },
  description:
    "Unless `allowPrivilegeEscalation` is explicitly false, a process can gain more privileges than its parent (setuid binaries, file capabilities). The Kubernetes default is to allow it.",
  remediation:
    "Set `securityContext.allowPrivilegeEscalation: false` on every container. Images that rely on setuid helpers (sudo, old ping) need those removed first.",
  evaluate: (ctx) =>
    perContainer(
      ctx,
      (c, w) => {
        if (isWindowsPod(w)) return WINDOWS_NOT_APPLICABLE;
        const value = c.securityContext.allowPrivilegeEscalation;
        if (value === false) return null;
        if (c.securityContext.privileged === true) return `${c.label} is privileged, which always allows privilege escalation`;
        return value === true
          ? `${c.label} sets allowPrivilegeEscalation: true`
          : `${c.label} does not set allowPrivilegeEscalation: false (the default allows escalation)`;
      },
      "allowPrivilegeEscalation is false",
      { fixable: (c, w) => patchable(safeToChange(walkedPatchTarget(ctx, w, c, c.ref)?.container), c.ref.kind) },
    ),
  fixable: (ctx, result) => patchable(containerToFix(ctx, result), result.resource.kind),
  fix(ctx, result) {
    const c = containerToFix(ctx, result);
    if (!c) return undefined;
    const patch = containerPatch(result.resource.kind, c.type, c.container.name, {
      securityContext: { allowPrivilegeEscalation: false },
    });
    if (!patch) return undefined;
    return remediation(
      result.resource,
      patch,
      `set allowPrivilegeEscalation: false on ${c.container.name} in ${describeOwner(result.resource)}; only setuid-based tools inside the image stop working`,
    );
  },
});
