import type { CheckDefinition } from "../types.js";
import { apiServerAdmissionRules } from "./apiserver-admission-rules.js";
import { apiServerRules } from "./apiserver-rules.js";
import { controllerManagerRules, etcdRules, schedulerRules } from "./component-rules.js";
import { flagRuleCheck } from "./generate.js";

// Every control-plane check is generated from a flag rule; the tables are the catalog.
export const controlPlaneChecks: CheckDefinition[] = [
  ...apiServerRules,
  ...apiServerAdmissionRules,
  ...etcdRules,
  ...controllerManagerRules,
  ...schedulerRules,
].map(flagRuleCheck);
