// The catalog, listed explicitly: reading this file tells you every check harden
// runs. `registry.test.ts` fails when a check file exists that no group lists.
import { podSecurityChecks } from "./pod-security/index.js";
import { imagesChecks } from "./images/index.js";
import { runtimeChecks } from "./runtime/index.js";
import { nodeIsolationChecks } from "./node-isolation/index.js";
import { controlPlaneChecks } from "./control-plane/index.js";
import { kubeletChecks } from "./kubelet/index.js";
import { versionChecks } from "./version/index.js";
import { rbacChecks } from "./rbac/index.js";
import { networkChecks } from "./network/index.js";
import { secretsChecks } from "./secrets/index.js";
import { admissionChecks } from "./admission/index.js";
import { monitoringChecks } from "./monitoring/index.js";
import { unusedFeaturesChecks } from "./unused-features/index.js";
import type { CheckDefinition } from "./types.js";

export const CHECK_GROUPS: Record<string, readonly CheckDefinition[]> = {
  "pod-security": podSecurityChecks,
  "images": imagesChecks,
  "runtime": runtimeChecks,
  "node-isolation": nodeIsolationChecks,
  "control-plane": controlPlaneChecks,
  "kubelet": kubeletChecks,
  "version": versionChecks,
  "rbac": rbacChecks,
  "network": networkChecks,
  "secrets": secretsChecks,
  "admission": admissionChecks,
  "monitoring": monitoringChecks,
  "unused-features": unusedFeaturesChecks,
};

export const ALL_CHECKS: readonly CheckDefinition[] = Object.values(CHECK_GROUPS).flat();

const BY_ID = new Map(ALL_CHECKS.map((c) => [c.id, c]));

export function findCheck(id: string): CheckDefinition | undefined {
  return BY_ID.get(id);
}

/** Every kind some check reads: what the live reader lists, and what file input keeps. */
export function requiredKinds(checks: readonly CheckDefinition[] = ALL_CHECKS): Set<string> {
  const kinds = new Set<string>(["Namespace", "Node", "Pod"]);
  for (const c of checks) for (const k of c.kinds) kinds.add(k);
  return kinds;
}
