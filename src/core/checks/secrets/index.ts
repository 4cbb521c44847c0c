import type { CheckDefinition } from "../types.js";

export const secretsChecks: CheckDefinition[] = [];
