// Approvals are held by the server, never by the Slack button: the button carries
// only the request id, and the decision is one conditional update so a double click,
// a retried interaction or two approvers racing can decide a request only once.
// Record fields are ISO-8601 strings; query and command instants are Dates from the clock.

export type ApprovalKind = "remediation" | "waiver" | "rotation";
export type ApprovalStatus = "pending" | "approved" | "rejected" | "expired" | "executed" | "failed";
export type ApprovalDecision = "approved" | "rejected";

export interface ApprovalRequest {
  /** "apr_" + 20 hex characters from a CSPRNG: unguessable, so a forged button value finds nothing. */
  id: string;
  environment: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** What will be done (patch, resource, resourceVersion, checkId, fingerprint...). Never secret values. */
  payload: Record<string, unknown>;
  /** Where the approval message was posted, so its buttons can be replaced after the decision. */
  channel: string | null;
  messageTs: string | null;
  /** What happened when the approved action ran. */
  outcome: string | null;
}

export interface NewApprovalRequest {
  environment: string;
  kind: ApprovalKind;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  payload: Record<string, unknown>;
  channel?: string;
  messageTs?: string;
}

export type DecideResult =
  | { ok: true; request: ApprovalRequest }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "already_decided" | "expired"; request: ApprovalRequest };

export interface ApprovalRepository {
  /** Stores a pending request with a fresh unguessable id. */
  create(input: NewApprovalRequest): Promise<ApprovalRequest>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  /**
   * Moves a pending, unexpired request to the decision in one atomic statement.
   * A request found pending but past its expiry is marked "expired" and refused.
   * Who may decide (not the requester, the right role) is the use case's business.
   */
  decide(id: string, decision: { decision: ApprovalDecision; by: string; at: Date }): Promise<DecideResult>;
  /**
   * Records how the approved action ended. Only an "approved" request can take an
   * outcome: NotFoundError when the id is unknown, ConflictError otherwise.
   */
  recordOutcome(id: string, status: "executed" | "failed", outcome: string): Promise<ApprovalRequest>;
  /** NotFoundError when the id is unknown. */
  attachMessage(id: string, channel: string, ts: string): Promise<void>;
  /** Pending and not yet expired at `now`, oldest request first. */
  listPending(environment: string | undefined, now: Date): Promise<ApprovalRequest[]>;
  /** Marks every pending request past its expiry as "expired" and returns them, so their messages can be updated. */
  expireDue(now: Date): Promise<ApprovalRequest[]>;
}
