// What an approval request stores and how a stored request is shown. The request
// use cases and the remediation job (which files a fresh request when the object
// moved on) create, read and render requests through these, so both agree on the
// payload, the expiry and the message.
import { z } from "zod";
import type { ResourceRef } from "../core/checks/types.js";
import type { HardenConfig } from "../core/config/schema.js";
import type { ApprovalRepository, ApprovalRequest } from "../ports/approvals.js";
import type { ApprovalRequestView } from "../slack/renderers/approval.js";

export const APPROVAL_TTL_MS = 60 * 60_000;
export const WAIVER_MAX_DAYS = 365;

const resourceRefSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  container: z.string().optional(),
});

/** What a remediation request holds; the remediation job reads it back by approval id. */
export const remediationPayloadSchema = z.object({
  checkId: z.string(),
  fingerprint: z.string(),
  runId: z.number().int(),
  resource: resourceRefSchema,
  patch: z.unknown(),
  patchType: z.enum(["strategic-merge", "merge", "json"]),
  summary: z.string(),
  /** The live object's version the patch was planned against: the job re-plans when it moved on. */
  resourceVersion: z.string().optional(),
  diff: z.string(),
});
export type RemediationApprovalPayload = z.infer<typeof remediationPayloadSchema>;

export const waiverPayloadSchema = z.object({
  checkId: z.string(),
  fingerprint: z.string(),
  runId: z.number().int(),
  resource: resourceRefSchema,
  days: z.number().int().positive().max(WAIVER_MAX_DAYS),
  /** Already redacted: it ends up in the exceptions table and in messages. */
  reason: z.string(),
  summary: z.string(),
});
export type WaiverApprovalPayload = z.infer<typeof waiverPayloadSchema>;

export function selfApprovalAllowed(config: HardenConfig, environment: string): boolean {
  const env = config.environments[environment];
  // An environment removed from the config since the request counts as protected.
  return env !== undefined && !env.protected && env.allowSelfApproval;
}

const viewPayload = z.object({ summary: z.string(), resource: resourceRefSchema, diff: z.string().default("") });

/** The approval message's view of a stored request, whatever its kind. */
export function approvalView(r: ApprovalRequest, config: HardenConfig): ApprovalRequestView {
  const p = viewPayload.safeParse(r.payload);
  return {
    id: r.id,
    kind: r.kind,
    environment: r.environment,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    expiresAt: r.expiresAt,
    summary: p.success ? p.data.summary : "(the request's details could not be read)",
    resource: p.success ? (p.data.resource as ResourceRef) : { kind: "Unknown", name: "unknown" },
    diff: p.success ? p.data.diff : "",
    selfApprovalAllowed: selfApprovalAllowed(config, r.environment),
  };
}

export interface NewRequest {
  environment: string;
  kind: "remediation" | "waiver";
  requestedBy: string;
  now: Date;
  payload: Record<string, unknown>;
  /** Where the approval message goes. */
  channel: string | null;
}

/** Stores a pending request that expires after the configured time (an hour by default). */
export function createApprovalRequest(deps: { approvals: ApprovalRepository; approvalTtlMs?: number }, r: NewRequest): Promise<ApprovalRequest> {
  return deps.approvals.create({
    environment: r.environment,
    kind: r.kind,
    requestedBy: r.requestedBy,
    requestedAt: r.now.toISOString(),
    expiresAt: new Date(r.now.getTime() + (deps.approvalTtlMs ?? APPROVAL_TTL_MS)).toISOString(),
    payload: r.payload,
    ...(r.channel ? { channel: r.channel } : {}),
  });
}
