// /healthz, /readyz and /metrics on their own port, whatever the Slack transport:
// in Socket Mode there is no other HTTP listener, and in HTTP mode probes and
// scrapes stay off the port Slack posts to.
//   /healthz  the process is alive and its event loop turns (liveness: restart when not)
//   /readyz   every dependency answers (readiness: stop routing when not), one line each
//   /metrics  Prometheus text format
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { serverLifecycle, type ServerLifecycle } from "../http/server-lifecycle.js";

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or hangs past the timeout) when it does not. */
  check(): Promise<void>;
}

export interface HealthServerOptions {
  port: number;
  host?: string;
  checks: readonly ReadinessCheck[];
  metrics: { render(): Promise<string>; contentType: string };
  checkTimeoutMs?: number;
}

export interface HealthServer extends ServerLifecycle {
  readonly server: Server;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Error names only: a driver's message can carry a host, a user or worse. */
const reason = (err: unknown) => (err instanceof Error ? (err.name === "Error" ? "unavailable" : err.name) : "unavailable");

export function createHealthServer(options: HealthServerOptions): HealthServer {
  const timeoutMs = options.checkTimeoutMs ?? 1000;

  async function readiness(res: ServerResponse): Promise<void> {
    const results = await Promise.all(
      options.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), timeoutMs);
          return { name: c.name, ok: true, line: `${c.name}: ok` };
        } catch (err) {
          return { name: c.name, ok: false, line: `${c.name}: ${reason(err)}` };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    res.writeHead(ok ? 200 : 503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    res.end(`${ok ? "ready" : "not ready"}\n${results.map((r) => r.line).join("\n")}\n`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end("ok\n");
      return;
    }
    if (path === "/readyz") return readiness(res);
    if (path === "/metrics") {
      const body = await options.metrics.render();
      res.writeHead(200, { "content-type": options.metrics.contentType }).end(body);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("internal error\n");
    });
  });
  // Probes are short; a stuck client must not hold a socket for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;

  return { server, ...serverLifecycle(server, { port: options.port, host: options.host, name: "health server" }) };
}
