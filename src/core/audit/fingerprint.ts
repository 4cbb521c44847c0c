import { createHash } from "node:crypto";
import type { ResourceRef } from "../checks/types.js";

/**
 * Identity of a finding across runs: the check and the object (and container) it
 * is about, nothing that changes from run to run. Diffs and waivers key on it.
 */
export function findingFingerprint(checkId: string, resource: ResourceRef): string {
  const key = [checkId, resource.kind, resource.namespace ?? "", resource.name, resource.container ?? ""].join("|");
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}
