import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { imageParser } from "./image-ref.js";

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
  evaluate: (ctx) => {
    const parse = imageParser(ctx.index);
    return perContainer(
      ctx,
      (c) => {
        const image = c.container.image;
        if (typeof image !== "string" || image.trim() === "") return { status: "unknown", message: `${c.label} has no image set` };
        const ref = parse(image);
        if (!ref) return { status: "unknown", message: `${c.label} has an image reference that cannot be parsed: ${image}` };
        if (ref.digest) return null;
        if (ref.tag === undefined) return `${c.label} image ${image} has no tag (means latest)`;
        return ref.tag === "latest" ? `${c.label} uses ${image}` : null;
      },
      "fixed image tag or digest",
    );
  },
});
