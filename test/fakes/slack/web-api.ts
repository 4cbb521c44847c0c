// A local stand-in for Slack's Web API, spoken over real HTTP on 127.0.0.1 so the
// real clients (@slack/web-api, Bolt) are exercised unchanged: point them at
// `slackApiUrl: fake.apiUrl`. It records every call, answers with Slack's shapes
// (ok:false + error with HTTP 200, 429 + Retry-After), keeps enough state to be
// believable (messages by ts, uploads, Home views) and can be told to misbehave.
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMethods, type FakeState } from "./web-api-methods.js";

export interface RecordedCall {
  method: string;
  /** Parsed arguments; JSON-valued form fields (blocks, view, files…) are decoded. The token is not among them. */
  args: Record<string, unknown>;
  /** The token presented (Authorization header or `token` argument). */
  token: string | undefined;
  contentType: string;
  /** HTTP status the fake answered with. */
  status: number;
  response: unknown;
  /** Date.now() when the call arrived; for ordering, never for timing assertions. */
  at: number;
}

export interface FakeSlackWebApiOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
}

export type MethodHandler = (args: Record<string, unknown>, ctx: { token: string | undefined }) => Record<string, unknown>;

interface Scripted {
  remaining: number;
  answer: { kind: "ratelimit"; retryAfterSec: number } | { kind: "error"; error: string; extra: Record<string, unknown> };
}

export interface FakeSlackWebApi {
  /** http://127.0.0.1:<port> */
  url: string;
  /** What clients take as `slackApiUrl` (ends with /api/). */
  apiUrl: string;
  readonly calls: RecordedCall[];
  readonly state: FakeState;
  callsTo(method: string): RecordedCall[];
  /** The first call (at index >= `from`) to `method` matching `predicate`, waiting for it if needed. */
  waitForCall(method: string, opts?: { predicate?: (c: RecordedCall) => boolean; timeoutMs?: number; from?: number }): Promise<RecordedCall>;
  /** The next `times` calls to `method` get HTTP 429 with `Retry-After: retryAfterSec`. */
  rateLimit(method: string, opts?: { retryAfterSec?: number; times?: number }): void;
  /** The next `times` calls to `method` get `{ ok: false, error }` (HTTP 200, as Slack does). */
  failWith(method: string, error: string, opts?: { times?: number; extra?: Record<string, unknown> }): void;
  /** Replaces the built-in answer for `method` (until reset). */
  respondWith(method: string, handler: MethodHandler): void;
  setUserGroup(id: string, users: string[]): void;
  addChannel(channel: { id: string; name: string; isPrivate?: boolean; isMember?: boolean; isArchived?: boolean }): void;
  /** Where `apps.connections.open` sends clients: each call asks for a fresh single-use URL. */
  attachSocketMode(source: { issueConnectionUrl(): string }): void;
  /** A `response_url` served by this fake; posts to it are recorded as method "response_url". */
  responseUrl(id?: string): string;
  /** Forgets calls and scripted answers; state (messages, uploads) is kept. */
  resetCalls(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Upload URLs take the bytes raw or as multipart form data (what @slack/web-api
 * sends); for multipart the file is the part that carries a filename, else the first.
 */
export function uploadedBytes(contentType: string, raw: Buffer): Buffer {
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/i);
  if (!/^multipart\/form-data/i.test(contentType) || !boundary) return raw;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: { headers: string; body: Buffer }[] = [];
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start, next);
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      // A part is CRLF, headers, CRLF CRLF, body, CRLF before the next delimiter.
      parts.push({ headers: part.subarray(0, split).toString("utf8"), body: part.subarray(split + 4, part.length - 2) });
    }
    at = next;
  }
  const file = parts.find((p) => /filename=/i.test(p.headers)) ?? parts[0];
  return file ? file.body : raw;
}

/** Form fields Slack accepts as JSON-encoded strings. */
const JSON_FIELDS = new Set(["blocks", "attachments", "files", "view", "metadata", "unfurls", "user_auth_blocks"]);

function parseArgs(req: IncomingMessage, raw: Buffer, url: URL): Record<string, unknown> | { invalid: string } {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (raw.length === 0) return args;
  if (type === "application/json") {
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { invalid: "invalid_json" };
      return { ...args, ...(parsed as Record<string, unknown>) };
    } catch {
      return { invalid: "invalid_json" };
    }
  }
  if (type === "application/x-www-form-urlencoded" || type === "") {
    for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) {
      if (JSON_FIELDS.has(k)) {
        try {
          args[k] = JSON.parse(v);
          continue;
        } catch {
          return { invalid: "invalid_arguments" };
        }
      }
      args[k] = v;
    }
    return args;
  }
  return { invalid: "invalid_form_data" };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json; charset=utf-8", ...headers });
  res.end(text);
}

export async function startFakeSlackWebApi(options: FakeSlackWebApiOptions = {}): Promise<FakeSlackWebApi> {
  const botToken = options.botToken ?? "xoxb-fake-bot-token";
  const appToken = options.appToken ?? "xapp-fake-app-token";
  const calls: RecordedCall[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const scripted = new Map<string, Scripted[]>();
  const overrides = new Map<string, MethodHandler>();
  let socketSource: { issueConnectionUrl(): string } | undefined;
  let baseUrl = "";

  const identity = {
    teamId: options.teamId ?? "T0FAKE",
    botUserId: options.botUserId ?? "U0HARDEN",
    botId: options.botId ?? "B0HARDEN",
    appId: options.appId ?? "A0HARDEN",
  };
  const { state, methods } = createMethods({
    identity,
    baseUrl: () => baseUrl,
    socketUrl: () => socketSource?.issueConnectionUrl(),
  });

  const record = (call: RecordedCall) => {
    calls.push(call);
    events.emit("call", call);
  };

  const takeScripted = (method: string): Scripted["answer"] | undefined => {
    const queue = scripted.get(method);
    const next = queue?.[0];
    if (!next) return undefined;
    if (--next.remaining <= 0) queue!.shift();
    return next.answer;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    const raw = await readBody(req);
    const contentType = String(req.headers["content-type"] ?? "");
    const now = Date.now();

    // Step 2 of files.uploadV2: the bytes go to the URL getUploadURLExternal handed out.
    const upload = url.pathname.match(/^\/upload\/v1\/([A-Z0-9]+)$/);
    if (upload && req.method === "POST") {
      const file = state.uploads.get(upload[1]!);
      const bytes = uploadedBytes(contentType, raw);
      if (file) file.content = bytes;
      const status = file ? 200 : 404;
      const body = file ? `OK - ${bytes.length}` : "not found";
      record({ method: "upload", args: { fileId: upload[1], bytes: bytes.length }, token: undefined, contentType, status, response: body, at: now });
      return send(res, status, body);
    }
    const respond = url.pathname.match(/^\/response\/([\w-]+)$/);
    if (respond && req.method === "POST") {
      const args = parseArgs(req, raw, url);
      const ok = !("invalid" in args);
      const response = ok ? { ok: true } : { ok: false, error: (args as { invalid: string }).invalid };
      record({ method: "response_url", args: { id: respond[1], ...(ok ? args : {}) }, token: undefined, contentType, status: 200, response, at: now });
      return send(res, 200, response);
    }

    const api = url.pathname.match(/^\/api\/([\w.]+)$/);
    if (!api) return send(res, 404, "not found");
    const method = api[1]!;
    const parsed = parseArgs(req, raw, url);
    const args = "invalid" in parsed ? {} : { ...parsed };
    const auth = req.headers["authorization"];
    const bearer = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : undefined;
    const token = bearer ?? (typeof args["token"] === "string" ? (args["token"] as string) : undefined);
    delete args["token"];

    const answer = (status: number, response: unknown, headers: Record<string, string> = {}) => {
      record({ method, args, token, contentType, status, response, at: now });
      send(res, status, response, headers);
    };

    if ("invalid" in parsed) return answer(200, { ok: false, error: parsed.invalid });
    const scriptedAnswer = takeScripted(method);
    if (scriptedAnswer?.kind === "ratelimit") {
      return answer(429, { ok: false, error: "ratelimited" }, { "retry-after": String(scriptedAnswer.retryAfterSec) });
    }
    if (scriptedAnswer?.kind === "error") return answer(200, { ok: false, error: scriptedAnswer.error, ...scriptedAnswer.extra });

    if (token === undefined) return answer(200, { ok: false, error: "not_authed" });
    if (token !== botToken && token !== appToken) return answer(200, { ok: false, error: "invalid_auth" });
    // App-level tokens open sockets and nothing else; bot tokens cannot open sockets.
    if (method === "apps.connections.open" && token !== appToken) return answer(200, { ok: false, error: "not_allowed_token_type" });
    if (method !== "apps.connections.open" && method !== "auth.test" && token === appToken) {
      return answer(200, { ok: false, error: "not_allowed_token_type" });
    }

    const handler = overrides.get(method) ?? methods[method];
    if (!handler) return answer(200, { ok: false, error: "unknown_method" });
    answer(200, handler(args, { token }));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: "fake_internal_error", detail: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const script = (method: string, s: Scripted) => {
    const queue = scripted.get(method) ?? [];
    queue.push(s);
    scripted.set(method, queue);
  };

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    calls,
    state,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitForCall(method, opts = {}) {
      const matches = (c: RecordedCall) => c.method === method && (opts.predicate?.(c) ?? true);
      const found = calls.slice(opts.from ?? 0).find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off("call", listener);
          reject(new Error(`no ${method} call within ${opts.timeoutMs ?? 2_000} ms (saw: ${calls.map((c) => c.method).join(", ") || "nothing"})`));
        }, opts.timeoutMs ?? 2_000);
        const listener = (c: RecordedCall) => {
          if (!matches(c)) return;
          clearTimeout(timer);
          events.off("call", listener);
          resolve(c);
        };
        events.on("call", listener);
      });
    },
    rateLimit: (method, opts = {}) =>
      script(method, { remaining: opts.times ?? 1, answer: { kind: "ratelimit", retryAfterSec: opts.retryAfterSec ?? 1 } }),
    failWith: (method, error, opts = {}) =>
      script(method, { remaining: opts.times ?? 1, answer: { kind: "error", error, extra: opts.extra ?? {} } }),
    respondWith: (method, handler) => void overrides.set(method, handler),
    setUserGroup: (id, users) => void state.userGroups.set(id, [...users]),
    addChannel: (c) =>
      void state.channels.set(c.id, { id: c.id, name: c.name, isPrivate: c.isPrivate ?? false, isMember: c.isMember ?? true, isArchived: c.isArchived ?? false }),
    attachSocketMode: (source) => {
      socketSource = source;
    },
    responseUrl: (id = `r${calls.length}-${Math.random().toString(36).slice(2, 8)}`) => `${baseUrl}/response/${id}`,
    resetCalls: () => {
      calls.length = 0;
      scripted.clear();
      overrides.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
