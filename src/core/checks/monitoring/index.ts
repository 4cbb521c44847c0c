import type { CheckDefinition } from "../types.js";
import { logShipperCoverage } from "./log-shipper-coverage.js";
import { metricsStack } from "./metrics-stack.js";
import { runtimeSecurityAgent } from "./runtime-security-agent.js";

export const monitoringChecks: CheckDefinition[] = [logShipperCoverage, runtimeSecurityAgent, metricsStack];
