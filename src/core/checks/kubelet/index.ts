import type { CheckDefinition } from "../types.js";
import { kubeletRuleCheck } from "./generate.js";
import { kubeletRules } from "./kubelet-rules.js";

// Every kubelet check is generated from a rule that reads /configz or kubelet flags.
export const kubeletChecks: CheckDefinition[] = kubeletRules.map(kubeletRuleCheck);
