import type { CheckDefinition } from "../types.js";

export const nodeIsolationChecks: CheckDefinition[] = [];
