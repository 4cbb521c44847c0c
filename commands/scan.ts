// `/harden scan <env>` (every image the environment runs) or `/harden scan <image>`.
// The scan job comes with the image-scan issue; until the queue knows the kind,
// the command says so rather than pretending to have scanned anything.
import { parseImageRef } from "../src/core/checks/images/image-ref.js";
import { parseEnvironment } from "./args.js";
import { defineCommand, fail, ok } from "./define.js";
import { queueJob } from "./reply.js";

export type ScanArgs = { environment: string } | { image: string };

/** An image is written with a tag, a digest or a path; a bare word is an environment name. */
const looksLikeImage = (s: string) => /[:/@]/.test(s);

export const scanCommand = defineCommand<ScanArgs>({
  verb: "scan",
  usage: "scan <env> | scan <image>",
  description: "Scan the images an environment runs, or one image (give its tag: nginx:1.27), for known vulnerabilities.",
  role: "viewer",
  parse(args, ctx) {
    if (args.length > 1) return fail("scan takes one environment or one image");
    const target = args[0];
    if (target !== undefined && looksLikeImage(target)) {
      const ref = parseImageRef(target);
      if (!ref || /\s/.test(target)) return fail(`"${target}" is not an image reference`);
      return ok({ image: ref.raw });
    }
    const env = parseEnvironment("scan", args, 0, ctx);
    return env.ok ? ok({ environment: env.value }) : env;
  },
  async execute(a, ctx, deps) {
    const environment = "environment" in a ? a.environment : undefined;
    const label = "image" in a ? a.image : a.environment;
    return queueJob(deps, ctx, {
      kind: "scan",
      environment,
      target: label,
      payload: { ...a },
      feature: "Image scans",
      sameJob: `The same scan of ${label}`,
      // An image scan belongs to no environment: the card names the image where the environment would be.
      card: { environment: label },
    });
  },
});
