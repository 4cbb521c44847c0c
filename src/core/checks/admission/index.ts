import type { CheckDefinition } from "../types.js";

export const admissionChecks: CheckDefinition[] = [];
