// One way to build a Web API client for harden, and one translation of its errors
// into the error vocabulary. The client never waits out a 429 itself: by default
// @slack/web-api pauses its WHOLE request queue for Retry-After and retries for
// half an hour, so one noisy channel would stall every other call (approvals, App
// Home) sharing the client. Here a 429 is thrown at once as RateLimitedError and
// the job runner puts the job back for that long.
//
// Errors are rebuilt from the method name and Slack's error code only: the SDK's
// own errors can carry the request (headers included, so the bot token) and must
// never reach a log, a message or a job's failedReason.
import { ErrorCode, LogLevel, WebClient, type Logger } from "@slack/web-api";
import { InputError, NotAllowedError, NotFoundError, UnavailableError } from "../../core/errors.js";
import { ChannelUnavailableError, RateLimitedError } from "../../ports/notifier.js";

export interface SlackClientOptions {
  token: string;
  /** Slack's Web API base, ending in /api/ (GovSlack, tests); Slack's own when absent. */
  slackApiUrl?: string;
  /** Per HTTP request. */
  timeoutMs?: number;
}

/** What happened to each call, for the metrics module (Slack API errors and 429s). */
export interface SlackCallEvent {
  method: string;
  outcome: "ok" | "rate_limited" | "error";
  /** Slack's error code ("channel_not_found") or a transport class ("network"). */
  error?: string;
}

export type SlackCallListener = (event: SlackCallEvent) => void;

// The SDK logs request failures (with URLs and bodies at debug level) to the
// console; harden reports errors itself, once, in its own words.
const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

export function createSlackWebClient(options: SlackClientOptions): WebClient {
  return new WebClient(options.token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    // Network blips only (platform errors are never retried by the SDK): a few
    // quick tries, then the job's own backoff takes over.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
    timeout: options.timeoutMs ?? 15_000,
    logger: silentLogger,
    logLevel: LogLevel.ERROR,
    // Method names never become URLs elsewhere (upload URLs from Slack's own answer are posted to directly).
    allowAbsoluteUrls: false,
    attachOriginalToWebAPIRequestError: false,
  });
}

const CHANNEL_ERRORS = new Set(["channel_not_found", "not_in_channel", "is_archived"]);
const AUTH_ERRORS = new Set(["not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "no_permission", "ekm_access_denied", "not_allowed_token_type"]);
const INPUT_ERRORS = new Set([
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "msg_blocks_too_long",
  "no_text",
  "invalid_arguments",
  "invalid_arg_name",
  "too_many_attachments",
  "cant_update_message",
  "edit_window_closed",
  "invalid_form_data",
  "invalid_json",
  "user_not_found",
  "user_not_in_channel",
  "hash_conflict",
]);
const MISSING_ERRORS = new Set(["message_not_found", "no_such_subteam", "file_not_found", "thread_not_found"]);
const TRANSIENT_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"]);

const errorCode = (err: unknown): string | undefined =>
  typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string" ? (err as { code: string }).code : undefined;

/**
 * The SDK error as harden's own, with no trace of the request. `channel` names the
 * conversation the call was about, so "not in channel" can say which one.
 */
export function translateSlackError(method: string, err: unknown, channel?: string): Error {
  const code = errorCode(err);
  if (code === ErrorCode.RateLimitedError) {
    const retryAfter = Number((err as { retryAfter?: unknown }).retryAfter);
    const sec = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1;
    return new RateLimitedError(sec * 1000, `Slack rate-limited ${method}; retry in ${sec} s`);
  }
  if (code === ErrorCode.PlatformError) {
    const data = (err as { data?: { error?: unknown; needed?: unknown } }).data ?? {};
    const slackError = typeof data.error === "string" ? data.error : "unknown_error";
    if (CHANNEL_ERRORS.has(slackError) && channel) return new ChannelUnavailableError(channel, slackError);
    if (slackError === "ratelimited") return new RateLimitedError(1000, `Slack rate-limited ${method}; retry in 1 s`);
    if (slackError === "missing_scope") {
      const needed = typeof data.needed === "string" && /^[a-z:.,_]+$/.test(data.needed) ? ` (needs ${data.needed})` : "";
      return new NotAllowedError(`Slack refused ${method}: missing_scope${needed}; reinstall the app from the manifest`);
    }
    if (AUTH_ERRORS.has(slackError)) return new NotAllowedError(`Slack refused ${method}: ${slackError}; check SLACK_BOT_TOKEN`);
    if (INPUT_ERRORS.has(slackError)) return new InputError(`Slack rejected ${method}: ${slackError}`);
    if (MISSING_ERRORS.has(slackError)) return new NotFoundError(`Slack ${method}: ${slackError}`);
    if (TRANSIENT_ERRORS.has(slackError)) return new UnavailableError(`Slack ${method} failed: ${slackError}`);
    return new Error(`Slack ${method} failed: ${/^[a-z0-9_]{1,60}$/.test(slackError) ? slackError : "unknown_error"}`);
  }
  if (code === ErrorCode.RequestError) {
    const original = (err as { original?: { code?: unknown } }).original;
    const net = typeof original?.code === "string" && /^[A-Z_]{2,40}$/.test(original.code) ? ` (${original.code})` : "";
    return new UnavailableError(`Slack could not be reached for ${method}${net}`);
  }
  if (code === ErrorCode.HTTPError) {
    const status = Number((err as { statusCode?: unknown }).statusCode);
    if (status >= 500) return new UnavailableError(`Slack answered ${method} with HTTP ${status}`);
    return new Error(`Slack answered ${method} with HTTP ${Number.isFinite(status) ? status : "error"}`);
  }
  // The upload step of files.uploadV2 and anything unforeseen: say what, not how.
  return new Error(`Slack ${method} failed`);
}

/** The event a translated error stands for. */
export function callEventOf(method: string, translated: Error | undefined): SlackCallEvent {
  if (!translated) return { method, outcome: "ok" };
  if (translated instanceof RateLimitedError) return { method, outcome: "rate_limited", error: "ratelimited" };
  if (translated instanceof ChannelUnavailableError) return { method, outcome: "error", error: translated.reason };
  const m = translated.message.match(/: ([a-z0-9_]+)(?:;|$| \()/);
  return { method, outcome: "error", error: m?.[1] ?? (translated instanceof UnavailableError ? "unavailable" : "error") };
}

/**
 * Runs one Web API call, translating its error and reporting its outcome. The
 * listener must not be able to break the call, so its own failures are dropped.
 */
export async function slackCall<T>(method: string, fn: () => Promise<T>, opts: { channel?: string; onCall?: SlackCallListener } = {}): Promise<T> {
  const report = (translated: Error | undefined) => {
    try {
      opts.onCall?.(callEventOf(method, translated));
    } catch {
      // metrics are best effort
    }
  };
  try {
    const result = await fn();
    report(undefined);
    return result;
  } catch (err) {
    const translated = translateSlackError(method, err, opts.channel);
    report(translated);
    throw translated;
  }
}
