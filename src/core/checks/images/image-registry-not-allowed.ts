import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { imageLocation, registryPrefix } from "./image-ref.js";
import { perContainerImage } from "./per-image.js";

export const imageRegistryNotAllowed = defineCheck({
  id: "image-registry-not-allowed",
  title: "Images must come from an allowed registry",
  severity: "high",
  category: "images",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0078"],
    trivy: ["KSV-0125", "KSV125"],
  },
  description:
    "Images from registries outside the site's allow-list (`settings.allowedRegistries`: hosts or host/path prefixes) bypass the scanning, signing and mirroring the allowed registries provide. Without an allow-list the check has nothing to judge and reports nothing.",
  remediation:
    "Mirror the image into an allowed registry and reference it from there, or add the registry to `settings.allowedRegistries` if it is trusted.",
  evaluate: (ctx) => {
    const allowed = ctx.settings.allowedRegistries;
    if (allowed.length === 0) return [];
    const matchers = allowed.map(registryPrefix);
    return perContainerImage(
      ctx,
      (c, ref, image) => {
        return matchers.some((matches) => matches(ref))
          ? null
          : `${c.label} image ${image} comes from ${imageLocation(ref)}, outside the allowed registries`;
      },
      "image from an allowed registry",
    );
  },
});
