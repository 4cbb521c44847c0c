// The image checks judge each container's image reference. A container with no
// image, or one whose reference cannot be parsed, is "could not be evaluated" the
// same way for every one of them, so each check says only what it looks for.
import type { CheckContext, CheckResult } from "../types.js";
import { perContainer, type Verdict } from "../pod-security/container-rules.js";
import type { LabeledContainer } from "../workload-views.js";
import { imageParser, type ImageRef } from "./image-ref.js";

export type ImageRule = (c: LabeledContainer, ref: ImageRef, image: string) => Verdict;

/** Runs `rule` on the parsed image of every container of every owner-level workload. */
export function perContainerImage(ctx: CheckContext, rule: ImageRule, passMessage: string): CheckResult[] {
  const parse = imageParser(ctx.index);
  return perContainer(
    ctx,
    (c) => {
      const image = c.container.image;
      if (typeof image !== "string" || image.trim() === "") return { status: "unknown", message: `${c.label} has no image set` };
      const ref = parse(image);
      if (!ref) return { status: "unknown", message: `${c.label} has an image reference that cannot be parsed: ${image}` };
      return rule(c, ref, image);
    },
    passMessage,
  );
}
