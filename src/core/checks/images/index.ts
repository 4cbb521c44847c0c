import type { CheckDefinition } from "../types.js";

export const imagesChecks: CheckDefinition[] = [];
