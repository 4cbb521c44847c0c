import type { CheckDefinition } from "../types.js";
import { defaultServiceAccountAutomount } from "./default-service-account-automount.js";
import { legacyServiceAccountToken } from "./legacy-service-account-token.js";
import { saTokenAutomount } from "./sa-token-automount.js";
import { saTokenExplicitMount } from "./sa-token-explicit-mount.js";
import { secretInEnv } from "./secret-in-env.js";
import { secretRotationAge } from "./secret-rotation-age.js";
import { sensitiveConfigmapData } from "./sensitive-configmap-data.js";
import { sensitiveEnvLiteral } from "./sensitive-env-literal.js";

export const secretsChecks: CheckDefinition[] = [
  secretInEnv,
  sensitiveEnvLiteral,
  sensitiveConfigmapData,
  secretRotationAge,
  legacyServiceAccountToken,
  saTokenAutomount,
  saTokenExplicitMount,
  defaultServiceAccountAutomount,
];
