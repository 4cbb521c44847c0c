import type { CheckDefinition } from "../types.js";

export const runtimeChecks: CheckDefinition[] = [];
