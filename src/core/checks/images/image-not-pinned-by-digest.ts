import { defineCheck } from "../types.js";
import { WORKLOAD_CHECK_KINDS } from "../pod-security/container-rules.js";
import { perContainerImage } from "./per-image.js";

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
  evaluate: (ctx) =>
    perContainerImage(ctx, (c, ref, image) => (ref.digest ? null : `${c.label} image ${image} is not pinned by digest`), "image pinned by digest"),
});
