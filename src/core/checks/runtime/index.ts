import type { CheckDefinition } from "../types.js";
import { cpuLimitsMissing } from "./cpu-limits-missing.js";
import { cpuRequestsMissing } from "./cpu-requests-missing.js";
import { defaultNamespace } from "./default-namespace.js";
import { livenessProbeMissing } from "./liveness-probe-missing.js";
import { memoryLimitsMissing } from "./memory-limits-missing.js";
import { memoryRequestsMissing } from "./memory-requests-missing.js";
import { namespaceWithoutLimitrange } from "./namespace-without-limitrange.js";
import { namespaceWithoutResourcequota } from "./namespace-without-resourcequota.js";
import { readinessProbeMissing } from "./readiness-probe-missing.js";
import { serviceWithoutReadinessProbe } from "./service-without-readiness-probe.js";

export const runtimeChecks: CheckDefinition[] = [
  cpuRequestsMissing,
  cpuLimitsMissing,
  memoryRequestsMissing,
  memoryLimitsMissing,
  livenessProbeMissing,
  readinessProbeMissing,
  serviceWithoutReadinessProbe,
  defaultNamespace,
  namespaceWithoutLimitrange,
  namespaceWithoutResourcequota,
];
