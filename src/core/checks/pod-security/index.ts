import type { CheckDefinition } from "../types.js";
import { privilegedContainer } from "./privileged-container.js";

export const podSecurityChecks: CheckDefinition[] = [privilegedContainer];
