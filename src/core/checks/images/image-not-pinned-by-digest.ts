import { defineCheck } from "../types.js";
import { perContainer, WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { imageParser } from "./image-ref.js";

export const imageNotPinnedByDigest = defineCheck({
  id: "image-not-pinned-by-digest",
  title: "Images should be pinned by digest",
  severity: "low",
  category: "images",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    kubescape: ["C-0306"],
    checkov: ["CKV_K8S_43"],
  },
  description:
    "Tags are mutable: whoever can push to the repository can change what a tag points to. Only a digest (`@sha256:...`) guarantees the image that runs is the one that was reviewed and scanned.",
  remediation: "Reference images as `repo:tag@sha256:<digest>` (the tag stays readable) and let a bot such as Renovate update the digest.",
  evaluate: (ctx) => {
    const parse = imageParser(ctx.index);
    return perContainer(
      ctx,
      (c) => {
        const image = c.container.image;
        if (typeof image !== "string" || image.trim() === "") return { status: "unknown", message: `${c.label} has no image set` };
        const ref = parse(image);
        if (!ref) return { status: "unknown", message: `${c.label} has an image reference that cannot be parsed: ${image}` };
        return ref.digest ? null : `${c.label} image ${image} is not pinned by digest`;
      },
      "image pinned by digest",
    );
  },
});
