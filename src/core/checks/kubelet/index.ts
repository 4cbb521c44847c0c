import type { CheckDefinition } from "../types.js";

export const kubeletChecks: CheckDefinition[] = [];
