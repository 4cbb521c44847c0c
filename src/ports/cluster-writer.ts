// What remediation needs from a live cluster: read one object (with its
// resourceVersion) and patch it, first as a server-side dry run.
import type { RemediationPatch, ResourceRef } from "../core/checks/types.js";
import type { KubeObject } from "../core/snapshot/types.js";

export interface PatchOptions {
  /** `dryRun=All`: the API server validates and admits the change but stores nothing. */
  dryRun: boolean;
  /** Optimistic lock: the patch fails with ConflictError when the object moved on. */
  resourceVersion?: string;
  /** Recorded by the API server as the field manager. */
  fieldManager?: string;
}

export interface ClusterWriter {
  /** undefined when the object does not exist. */
  get(ref: ResourceRef): Promise<KubeObject | undefined>;
  patch(ref: ResourceRef, patch: Pick<RemediationPatch, "patch" | "patchType">, options: PatchOptions): Promise<KubeObject>;
}
