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
}

export interface KubeHttp {
  readonly server: string;
  get(path: string, query?: Record<string, string | undefined>): Promise<KubeResponse>;
}

export interface KubeHttpOptions {
  concurrency: number;
  timeoutMs: number;
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
          resolve({ status: res.statusCode ?? 0, body, excerpt: body === undefined ? firstLine(text) : "" });
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

  return {
    server,
    get: (path, query = {}) =>
      limit(async () => {
        const url = new URL(server + path);
        for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
        const creds = await credentials();
        return sendKubeRequest(url, { method: "GET", creds, agent, timeoutMs: options.timeoutMs });
      }),
  };
}
