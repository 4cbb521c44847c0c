import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { registryPrefix } from "./image-ref.js";
import { perContainerImage } from "./per-image.js";

export const deprecatedImageRegistry = defineCheck({
  id: "deprecated-image-registry",
  title: "Images must not come from frozen or retired registries",
  severity: "medium",
  category: "images",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0253"],
  },
  description:
    "Registries such as k8s.gcr.io are frozen: they receive no security fixes and may stop serving, so pods fail to start on new nodes (`settings.deprecatedRegistries`).",
  remediation: "Switch to the successor registry (registry.k8s.io for k8s.gcr.io) and pick a current, patched version of the image.",
  evaluate: (ctx) => {
    const deprecated = ctx.settings.deprecatedRegistries;
    if (deprecated.length === 0) return [];
    const matchers = deprecated.map((prefix) => ({ prefix, matches: registryPrefix(prefix) }));
    return perContainerImage(
      ctx,
      (c, ref, image) => {
        // A loop rather than `find`: no closure per container.
        for (let i = 0; i < matchers.length; i++) {
          const m = matchers[i]!;
          if (m.matches(ref)) return `${c.label} image ${image} comes from deprecated registry ${m.prefix}`;
        }
        return null;
      },
      "image registry is current",
    );
  },
});
