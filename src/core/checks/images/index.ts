import type { CheckDefinition } from "../types.js";
import { deprecatedImageRegistry } from "./deprecated-image-registry.js";
import { imageNotPinnedByDigest } from "./image-not-pinned-by-digest.js";
import { imagePullPolicyNotAlways } from "./image-pull-policy-not-always.js";
import { imageRegistryNotAllowed } from "./image-registry-not-allowed.js";
import { latestImageTag } from "./latest-image-tag.js";

export const imagesChecks: CheckDefinition[] = [
  latestImageTag,
  imageNotPinnedByDigest,
  imagePullPolicyNotAlways,
  imageRegistryNotAllowed,
  deprecatedImageRegistry,
];
