import type { CheckDefinition } from "../types.js";
import { dashboardAccess } from "./dashboard-access.js";
import { dashboardAdminBinding } from "./dashboard-admin-binding.js";
import { dashboardDeployed } from "./dashboard-deployed.js";
import { serviceExternalIps } from "./service-external-ips.js";
import { tillerDeployed } from "./tiller-deployed.js";

export const unusedFeaturesChecks: CheckDefinition[] = [dashboardDeployed, dashboardAccess, dashboardAdminBinding, tillerDeployed, serviceExternalIps];
