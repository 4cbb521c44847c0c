// Raw GETs against the API server with the credentials and TLS settings of a
// client-node KubeConfig. The generated typed clients are not used for reading
// because they rebuild every object through their models: unknown fields (newer
// API versions, custom resources) are dropped and timestamps become Date objects.
// Every request passes one limiter, so `concurrency` bounds what the server sees.
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { InputError } from "../../core/errors.js";

/** The request never got an HTTP answer: refused, unresolvable, TLS, timeout. */
export class KubeConnectionError extends Error {
  override name = "KubeConnectionError";
}

export interface KubeResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  /** A short excerpt of a non-JSON body, for error reasons. */
  excerpt: string;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  retryAfterMs?: number;
}

export interface KubeHttp {
  readonly server: string;
  get(path: string, query?: Record<string, string | undefined>): Promise<KubeResponse>;
}

export interface KubeHttpOptions {
  concurrency: number;
  timeoutMs: number;
  /** How often a GET answered 429 (or 5xx with Retry-After) is sent again; client-go's default is 10. */
  retries?: number;
  /** The longest wait between two tries, whatever Retry-After asks. */
  maxRetryWaitMs?: number;
}

export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter so `active` never overshoots.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|HOSTNAME_MISMATCH)/;

/** One short phrase for a socket-level failure; never includes request headers. */
export function describeConnectionFailure(err: unknown): string {
  const code = typeof err === "object" && err !== null ? String((err as { code?: unknown }).code ?? "") : "";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name could not be resolved";
  if (code === "ECONNRESET") return "connection reset by the server";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "host unreachable";
  if (code === "ETIMEDOUT") return "connection timed out";
  if (TLS_CODES.test(code)) return `TLS handshake failed (${code})`;
  if (err instanceof KubeConnectionError) return err.message;
  return code ? `network error (${code})` : "network error";
}

/** Retry-After as seconds or as an HTTP date (RFC 9110 10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * API Priority and Fairness answers 429 with Retry-After when the auditor's flow
 * is over its share; a restarting aggregated API answers 503 with one. Both are
 * worth waiting out, as client-go does, rather than recording the kind as unread.
 */
export function shouldRetry(res: KubeResponse): boolean {
  return res.status === 429 || (res.status >= 500 && res.retryAfterMs !== undefined);
}

const duration = (ms: number) => (ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`);

/** The first line of a message or body, bounded: enough for an error reason, never a whole page. */
export function firstLine(text: string, max = 200): string {
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The API server's base URL of the kubeconfig's current context. */
export function serverOf(kubeConfig: KubeConfig): string {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new InputError(`the kubeconfig has no cluster for context "${kubeConfig.getCurrentContext()}"`);
  return cluster.server.replace(/\/+$/, "");
}

export interface KubeRequest {
  method: "GET" | "PATCH";
  /** What applyToHTTPSOptions gave: its headers and basic auth are sent. */
  creds: https.RequestOptions;
  /** Carries the TLS settings (or the proxy) client-node built for the cluster. */
  agent: http.Agent | undefined;
  timeoutMs: number;
  body?: { contentType: string; json: unknown };
}

/** One request. Any HTTP answer resolves; no answer at all rejects with KubeConnectionError. */
export function sendKubeRequest(url: URL, r: KubeRequest): Promise<KubeResponse> {
  const transport = url.protocol === "http:" ? http : https;
  const payload = r.body ? Buffer.from(JSON.stringify(r.body.json)) : undefined;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: r.method,
        agent: r.agent,
        ...(r.creds.auth ? { auth: r.creds.auth } : {}),
        headers: {
          ...(r.creds.headers ?? {}),
          Accept: "application/json",
          "User-Agent": "harden",
          ...(payload && r.body ? { "Content-Type": r.body.contentType, "Content-Length": String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown;
          try {
            body = text.length > 0 ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const header = res.headers["retry-after"];
          const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header);
          resolve({ status: res.statusCode ?? 0, body, excerpt: body === undefined ? firstLine(text) : "", ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
        });
      },
    );
    req.setTimeout(r.timeoutMs, () => req.destroy(new KubeConnectionError(`no answer within ${duration(r.timeoutMs)}`)));
    req.on("error", (err) => reject(err instanceof KubeConnectionError ? err : new KubeConnectionError(describeConnectionFailure(err))));
    if (payload) req.write(payload);
    req.end();
  });
}

export function createKubeHttp(kubeConfig: KubeConfig, options: KubeHttpOptions): KubeHttp {
  const server = serverOf(kubeConfig);
  const limit = createLimiter(options.concurrency);
  // One agent for the whole read keeps TLS sessions cached between requests.
  let agent: http.Agent | undefined;

  async function credentials(): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = {};
    try {
      // Asked per request: exec plugins and token files rotate credentials.
      await kubeConfig.applyToHTTPSOptions(opts);
    } catch (err) {
      const why = err instanceof Error ? firstLine(err.message) : "unknown failure";
      throw new KubeConnectionError(`credentials could not be obtained: ${why}`);
    }
    agent ??= opts.agent as http.Agent | undefined;
    return opts;
  }

  const retries = options.retries ?? 10;
  const maxWaitMs = options.maxRetryWaitMs ?? 10_000;

  const once = (url: URL) =>
    limit(async () => {
      const creds = await credentials();
      return sendKubeRequest(url, { method: "GET", creds, agent, timeoutMs: options.timeoutMs });
    });

  return {
    server,
    async get(path, query = {}) {
      const url = new URL(server + path);
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
      for (let attempt = 0; ; attempt++) {
        const res = await once(url);
        if (!shouldRetry(res) || attempt >= retries) return res;
        // The wait happens outside the limiter: a throttled kind must not hold a slot others could use.
        const waitMs = Math.min(res.retryAfterMs ?? 1000 * 2 ** attempt, maxWaitMs);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    },
  };
}
