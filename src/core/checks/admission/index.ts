import type { CheckDefinition } from "../types.js";
import { policyEnginePresent } from "./policy-engine-present.js";
import { psaEnforceLabel } from "./psa-enforce-label.js";
import { sccBroadPrivileged } from "./scc-broad-privileged.js";
import { admissionWebhookFailOpen } from "./webhook-fail-open.js";

export const admissionChecks: CheckDefinition[] = [policyEnginePresent, admissionWebhookFailOpen, psaEnforceLabel, sccBroadPrivileged];
