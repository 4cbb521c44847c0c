import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { perContainerImage } from "./per-image.js";

export const latestImageTag = defineCheck({
  id: "latest-image-tag",
  title: "Images must use a fixed tag, not latest or none",
  severity: "medium",
  category: "images",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    polaris: ["tagNotSpecified"],
    kubeScore: ["container-image-tag"],
    checkov: ["CKV_K8S_14"],
    trivy: ["KSV-0013", "KSV013"],
  },
  description:
    "`:latest` (or no tag, which means latest) changes under you: two replicas can run different code, a rollback does not roll back, and what was scanned is not what runs. A digest pins the image even when the tag is latest.",
  remediation: "Reference a versioned tag (`nginx:1.27.2`) or, better, a digest (`nginx@sha256:...`) and update it through your release process.",
  evaluate: (ctx) =>
    perContainerImage(
      ctx,
      (c, ref, image) => {
        if (ref.digest) return null;
        if (ref.tag === undefined) return `${c.label} image ${image} has no tag (means latest)`;
        return ref.tag === "latest" ? `${c.label} uses ${image}` : null;
      },
      "fixed image tag or digest",
    ),
});
