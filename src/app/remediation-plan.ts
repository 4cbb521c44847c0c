// Planning a fix against a live object as it is now, not as the audit saw it: the
// remediation request does it before asking, and the remediation job again when
// the object moved on since, so both plan, preview and store a patch the same way.
import { planRemediation } from "../core/audit/engine.js";
import type { CheckDefinition, RemediationPatch, ResourceRef } from "../core/checks/types.js";
import { auditSettingsFor, type HardenConfig } from "../core/config/schema.js";
import type { ClusterSnapshot, KubeObject } from "../core/snapshot/types.js";
import { patchDiff } from "../core/text/patch-diff.js";
import type { RemediationApprovalPayload } from "./approval-model.js";
import { redactSecrets } from "./audit-trail.js";

/** A snapshot of one object, for planning or checking against it alone. */
export function liveObjectSnapshot(obj: KubeObject, capturedAt: string): ClusterSnapshot {
  return {
    schemaVersion: 1,
    source: { type: "live", description: `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name}`, capturedAt },
    objects: [obj],
    kubeletConfigs: {},
    visibility: { [obj.kind]: { state: "listed" } },
    complete: false,
    notes: [],
  };
}

/** The check's patch for the finding on `live`; undefined when the object is already fixed or cannot be changed safely in place. */
export function planOnLiveObject(
  live: KubeObject,
  check: CheckDefinition,
  finding: { resource: ResourceRef; message: string },
  config: HardenConfig,
  environment: string,
  now: Date,
): RemediationPatch | undefined {
  return planRemediation(liveObjectSnapshot(live, now.toISOString()), check, finding, auditSettingsFor(config, environment), now);
}

/** What a remediation request stores: the patch, its preview with secrets masked, and the version it was planned against. */
export function remediationPayload(
  finding: Pick<RemediationApprovalPayload, "checkId" | "fingerprint" | "runId">,
  live: KubeObject,
  plan: RemediationPatch,
): RemediationApprovalPayload {
  const diff = redactSecrets(patchDiff(live, plan) ?? `(no preview: the patch is shown as the server will receive it)\n${JSON.stringify(plan.patch, null, 2)}`);
  return {
    checkId: finding.checkId,
    fingerprint: finding.fingerprint,
    runId: finding.runId,
    resource: plan.resource,
    patch: plan.patch,
    patchType: plan.patchType,
    summary: redactSecrets(plan.summary),
    ...(live.metadata.resourceVersion ? { resourceVersion: live.metadata.resourceVersion } : {}),
    diff,
  };
}
