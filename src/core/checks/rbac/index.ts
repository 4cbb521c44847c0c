import type { CheckDefinition } from "../types.js";

export const rbacChecks: CheckDefinition[] = [];
