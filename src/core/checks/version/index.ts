import type { CheckDefinition } from "../types.js";

export const versionChecks: CheckDefinition[] = [];
