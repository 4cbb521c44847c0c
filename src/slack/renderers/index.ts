// Block Kit renderers: pure functions from domain data to Slack messages, golden-tested
// (see __golden__/). Every message stays within Slack's limits (limits.ts).
export type { Block, HomeView, RenderedMessage } from "./blocks.js";
export { LIMITS, escapeMrkdwn, limitViolations } from "./limits.js";
export { renderJobQueued, renderJobRunning, renderJobProgress, renderJobFailed } from "./job.js";
export type { JobKind, JobView, QueuedInput, Progress, FailedInput } from "./job.js";
export { renderAuditResult } from "./audit-result.js";
export type { AuditResultInput, AuditResultMessage, RemediationMode } from "./audit-result.js";
export type { AuditDiffInput } from "./audit-groups.js";
export { renderAuditThread, MAX_THREAD_MESSAGES } from "./audit-thread.js";
export { renderFilesReport } from "./files-report.js";
export type { FilesReport } from "./files-report.js";
export { renderApprovalRequest, renderApprovalDecided } from "./approval.js";
export type { ApprovalRequestView, ApprovalDecidedView, ApprovalKindView, DecidedStatus } from "./approval.js";
export { renderHelp, renderUsageError, renderDenied } from "./command-replies.js";
export type { HelpEntry, UsageErrorInput, DeniedInput, RoleName } from "./command-replies.js";
export { renderExplain } from "./explain.js";
export { renderHistory, renderDiff } from "./history.js";
export type { HistoryRun, DiffRun } from "./history.js";
export { renderDigest, digestIsQuiet } from "./digest.js";
export type { DigestInput, DigestApproval, DigestWaiver, DigestRotation, DigestVulnerabilities, DigestMetricBreach } from "./digest.js";
export { renderAppHome } from "./app-home.js";
export type { AppHomeInput, HomeEnvironment } from "./app-home.js";
export type { FindingLike } from "./format.js";
