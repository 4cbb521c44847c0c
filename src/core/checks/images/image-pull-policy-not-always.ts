import type { EffectiveContainer } from "../../snapshot/workloads.js";
import { canPatchContainer, containerPatch, describeOwner, patchTarget, remediation, walkedPatchTarget } from "../pod-template-patch.js";
import { defineCheck, type CheckContext, type CheckResult } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { effectivePullPolicy, imageParser, type ImageParser } from "./image-ref.js";

// Judged on the policy Kubernetes applies (an unset policy on `:latest` becomes
// Always), as kube-score and Checkov do and as a live cluster reports it.
/** The container the fix may change: one pulling with IfNotPresent. */
function containerToFix(ctx: CheckContext, result: CheckResult): EffectiveContainer | undefined {
  return safeToChange(patchTarget(ctx, result)?.container, imageParser(ctx.index));
}

function safeToChange(c: EffectiveContainer | undefined, parse: ImageParser): EffectiveContainer | undefined {
  if (!c) return undefined;
  // Never usually means the image is preloaded on the nodes (air-gapped); Always would break it.
  if (effectivePullPolicy(c.container.image, c.container.imagePullPolicy, parse) !== "IfNotPresent") return undefined;
  return c;
}

const patchable = (c: EffectiveContainer | undefined, kind: string): boolean => c !== undefined && canPatchContainer(kind, c.type, c.container.name);

export const imagePullPolicyNotAlways = defineCheck({
  id: "image-pull-policy-not-always",
  title: "Containers should pull images with imagePullPolicy Always",
  severity: "low",
  category: "images",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0075"],
    polaris: ["pullPolicyNotAlways"],
    kubeScore: ["container-image-pull-policy"],
    checkov: ["CKV_K8S_15"],
  },
  description:
    "With IfNotPresent or Never, a pod can start from an image already cached on the node without the registry checking its pull credentials, so a workload in another namespace can run a private image it was never granted; a moved tag is also not picked up.",
  remediation:
    "Set `imagePullPolicy: Always` (the registry answers a HEAD request when the image is cached, so the cost is small), or enable the AlwaysPullImages admission plugin cluster-wide.",
  evaluate: (ctx) => {
    const parse = imageParser(ctx.index);
    return perContainer(
      ctx,
      (c) => {
        const policy = effectivePullPolicy(c.container.image, c.container.imagePullPolicy, parse);
        if (policy === undefined) return { status: "unknown", message: `${c.label} has no readable image, so its pull policy cannot be judged` };
        if (policy === "Always") return null;
        const explicit = c.container.imagePullPolicy ? "" : " (the default for a tagged image)";
        return `${c.label} pulls with ${policy}${explicit}`;
      },
      "imagePullPolicy Always",
      { fixable: (c, w) => patchable(safeToChange(walkedPatchTarget(ctx, w, c, c.ref)?.container, parse), c.ref.kind) },
    );
  },
  fixable: (ctx, result) => patchable(containerToFix(ctx, result), result.resource.kind),
  fix(ctx, result) {
    const c = containerToFix(ctx, result);
    if (!c) return undefined;
    const patch = containerPatch(result.resource.kind, c.type, c.container.name, { imagePullPolicy: "Always" });
    if (!patch) return undefined;
    return remediation(
      result.resource,
      patch,
      `set imagePullPolicy: Always on ${c.container.name} in ${describeOwner(result.resource)}; new pods then need the registry reachable at start`,
    );
  },
});
