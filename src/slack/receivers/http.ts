// HTTP mode: Slack posts to /slack/events on PORT. Bolt's HTTPReceiver verifies
// the signature and the timestamp's age but keeps no memory, so a captured request
// can be replayed for five minutes. This server sits in front of it: it buffers the
// body once (Bolt reuses `req.rawBody`), checks the v0 signature and the 5-minute
// window itself, and refuses a signature it has already accepted (401), using a
// key shared by all replicas. A genuine Slack redelivery (X-Slack-Retry-Num) of an
// event is re-signed with a new timestamp and passes; the event-id dedup in the
// app drops it. A byte-identical request that says it is a retry is answered 200
// with X-Slack-No-Retry and not processed: nothing runs twice, Slack stops retrying.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { HTTPReceiver, type Logger } from "@slack/bolt";
import { serverLifecycle, type ServerLifecycle } from "../../adapters/http/server-lifecycle.js";
import type { DedupStore } from "./dedup-store.js";

export const EVENTS_PATH = "/slack/events";
/** Slack's staleness rule, both ways: older, or further in the future, than this is refused. */
export const MAX_SKEW_SECONDS = 5 * 60;
export const REPLAY_TTL_MS = MAX_SKEW_SECONDS * 1000;
/** Slack's largest payloads (view submissions) are far below this. */
const MAX_BODY_BYTES = 1024 * 1024;

export type RejectReason = "missing_headers" | "stale" | "bad_signature" | "replay" | "too_large";

export interface HttpReceiverOptions {
  signingSecret: string;
  port: number;
  host?: string;
  dedup: DedupStore;
  logger: Logger;
  /** Unix seconds; tests move it. */
  nowSeconds?: () => number;
  /** Counted by the caller (metrics, logs); the reason never includes request data. */
  onReject?: (reason: RejectReason) => void;
  /**
   * When no listener acks in time, Slack shows the user an error; answer first
   * with a line that says what happened. Under Slack's 3 s, network included.
   */
  unhandledRequestTimeoutMs?: number;
}

export interface HttpReceiverHandle extends ServerLifecycle {
  /** Hand this to `new App({ receiver })`. */
  readonly receiver: HTTPReceiver;
  readonly server: Server;
}

/** The request as Bolt's receiver reads it once we have buffered it. */
interface BufferedRequest extends IncomingMessage {
  rawBody: Buffer;
  /** performance.now() when the request arrived, for the ack latency metric. */
  receivedAt: number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === "string" ? v : undefined;
}

/** Slack's `ssl_check=1` probe carries no signature; Bolt answers it and strips anything else in the body. */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  // Parsing every form body to find out would cost more than the check; only probes carry the field.
  if (body.indexOf("ssl_check=") === -1 || header(req, "content-type") !== "application/x-www-form-urlencoded") return false;
  return new URLSearchParams(body.toString("utf8")).get("ssl_check") === "1";
}

export function verifySignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: Buffer,
  nowSeconds: number,
): "ok" | Exclude<RejectReason, "replay" | "too_large"> {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return "missing_headers";
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return "stale";
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return "bad_signature";
  const expected = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest();
  const given = Buffer.from(signature.slice(3), "hex");
  return timingSafeEqual(expected, given) ? "ok" : "bad_signature";
}

function reject(res: ServerResponse, status: number, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "content-length": "0", ...extra });
  res.end();
}

function readBody(req: IncomingMessage): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    // A Slack request is small: it usually arrives as one chunk, kept as it is.
    req.on("end", () => resolve(over ? "too_large" : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The path of a request target, without its query. */
function pathOf(url: string | undefined): string {
  if (url === undefined) return "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

const timeoutReply = JSON.stringify({
  response_type: "ephemeral",
  text: ":hourglass: harden is slow to answer right now; if you see nothing else in a minute, please try again.",
});

export function createHttpReceiver(options: HttpReceiverOptions): HttpReceiverHandle {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: EVENTS_PATH,
    logger: options.logger,
    // Checked above, before the replay check; Bolt's own pass would parse and hash every body a second time.
    // Nothing reaches this receiver but through `handle` below.
    signatureVerification: false,
    // Ack first, work after: the HTTP answer must never wait for a listener to finish.
    processBeforeResponse: false,
    unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMs ?? 2500,
    unhandledRequestHandler: ({ response }) => {
      options.logger.warn("a Slack request was not acknowledged in time; answered with a try-again line");
      if (response.headersSent) return;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(timeoutReply);
    },
    customPropertiesExtractor: (req) => ({ receivedAt: (req as unknown as BufferedRequest).receivedAt }),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } catch (err) {
      options.logger.error(`Slack request handling failed: ${err instanceof Error ? err.name : "unknown error"}`);
      if (!res.headersSent) reject(res, 500);
      else res.end();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    if (pathOf(req.url) !== EVENTS_PATH) return reject(res, 404);
    if (req.method !== "POST") return reject(res, 405, { allow: "POST" });
    const body = await readBody(req);
    if (body === "too_large") {
      options.onReject?.("too_large");
      return reject(res, 413);
    }
    const buffered = req as BufferedRequest;
    buffered.rawBody = body;
    buffered.receivedAt = receivedAt;
    if (isSslCheck(req, body)) {
      // Unsigned, so nothing else in it may be read: a `payload` field riding along would be dispatched.
      buffered.rawBody = Buffer.from("ssl_check=1");
    } else {
      const signature = header(req, "x-slack-signature");
      const verdict = verifySignature(options.signingSecret, { signature, timestamp: header(req, "x-slack-request-timestamp") }, body, nowSeconds());
      if (verdict !== "ok") {
        options.onReject?.(verdict);
        return reject(res, 401);
      }
      if ((await options.dedup.claim(`sig:${signature!.slice(3)}`, REPLAY_TTL_MS)) === "seen") {
        if (header(req, "x-slack-retry-num") !== undefined) return reject(res, 200, { "x-slack-no-retry": "1" });
        options.onReject?.("replay");
        return reject(res, 401);
      }
    }
    receiver.requestListener(buffered, res);
  }

  // handle() answers every failure itself, so its promise is not awaited here.
  const server = createServer(handle);
  // Slack holds a request for 3 s; a client that dribbles its body is not Slack.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 65_000;

  return { receiver, server, ...serverLifecycle(server, { port: options.port, host: options.host, name: "the Slack receiver" }) };
}
