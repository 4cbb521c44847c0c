import type { CheckDefinition } from "../types.js";
import { controlPlaneNodeTaint } from "./control-plane-node-taint.js";
import { workloadOnControlPlane } from "./workload-on-control-plane.js";

// NodeRestriction and the Node authorizer are flag rules in ../control-plane (category node-isolation).
export const nodeIsolationChecks: CheckDefinition[] = [controlPlaneNodeTaint, workloadOnControlPlane];
