import type { CheckDefinition } from "../types.js";

export const unusedFeaturesChecks: CheckDefinition[] = [];
