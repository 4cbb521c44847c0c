import type { CheckDefinition } from "../types.js";

export const monitoringChecks: CheckDefinition[] = [];
