import type { CheckDefinition } from "../types.js";

export const networkChecks: CheckDefinition[] = [];
