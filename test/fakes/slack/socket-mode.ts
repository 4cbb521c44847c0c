// A local WebSocket server playing Slack's side of Socket Mode: `apps.connections.open`
// (on the fake Web API) hands out a single-use URL from here; on connect the server
// sends `hello`; `sendEnvelope` delivers a slash command, interaction or event to the
// newest connection and resolves with the app's ack, or rejects when none comes in
// time (Slack gives 3 seconds). `disconnect` asks the client to reconnect, as Slack
// does when it recycles a connection.
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface EnvelopeInput {
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** Events API redeliveries carry these; 0 and "" on a first delivery. */
  retryAttempt?: number;
  retryReason?: string;
  /** Defaults to what Slack sets: true for slash commands and view submissions, false otherwise. */
  acceptsResponsePayload?: boolean;
}

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export type DisconnectReason = "refresh_requested" | "warning" | "link_disabled" | "too_many_websockets";

export interface FakeSocketModeOptions {
  appId?: string;
  /** Slack pings its clients; @slack/socket-mode closes a connection that hears nothing for 30 s. */
  pingIntervalMs?: number;
  ackTimeoutMs?: number;
}

export interface FakeSocketMode {
  /** A fresh single-use URL, as `apps.connections.open` returns (pass this object to `fakeWebApi.attachSocketMode`). */
  issueConnectionUrl(): string;
  /** Connections that got a `hello`, over the server's life. */
  readonly connectionsOpened: number;
  readonly openConnections: number;
  /** Every message the app sent (acks included), parsed. */
  readonly received: unknown[];
  /** Resolves once `count` connections in total have been greeted. */
  waitForConnection(opts?: { count?: number; timeoutMs?: number }): Promise<void>;
  sendEnvelope(envelope: EnvelopeInput, opts?: { timeoutMs?: number }): Promise<SocketAck>;
  /** Sends `{type: "disconnect"}` on the newest connection; the client is expected to reconnect. */
  disconnect(reason?: DisconnectReason): void;
  /** Drops the newest connection without a word, as a network failure would. */
  dropConnection(): void;
  close(): Promise<void>;
}

export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const appId = options.appId ?? "A0HARDEN";
  const tickets = new Set<string>();
  const sockets: WebSocket[] = [];
  const received: unknown[] = [];
  const pending = new Map<string, (ack: SocketAck) => void>();
  const events = new EventEmitter();
  let opened = 0;

  const http: Server = createServer((_req, res) => {
    res.writeHead(426).end("upgrade required");
  });
  const wss = new WebSocketServer({ noServer: true });

  http.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "ws://localhost");
    const ticket = url.searchParams.get("ticket") ?? "";
    // A Socket Mode URL works once; a client must call apps.connections.open again to reconnect.
    if (url.pathname !== "/link/" || !tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws));
  });

  wss.on("connection", (ws: WebSocket) => {
    sockets.push(ws);
    opened++;
    const ping = setInterval(() => ws.ping(), options.pingIntervalMs ?? 5_000);
    ws.on("message", (data) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      received.push(msg);
      const id = (msg as { envelope_id?: unknown }).envelope_id;
      if (typeof id === "string") pending.get(id)?.(msg as SocketAck);
    });
    ws.on("close", () => {
      clearInterval(ping);
      sockets.splice(sockets.indexOf(ws), 1);
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: sockets.length,
        debug_info: { host: "fake-socket-mode", build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: appId },
      }),
    );
    events.emit("hello", opened);
  });

  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const newest = () => sockets[sockets.length - 1];

  return {
    issueConnectionUrl() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${base}/link/?ticket=${ticket}&app_id=${appId}`;
    },
    get connectionsOpened() {
      return opened;
    },
    get openConnections() {
      return sockets.length;
    },
    received,
    waitForConnection({ count = 1, timeoutMs = 5_000 } = {}) {
      if (opened >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off("hello", listener);
          reject(new Error(`only ${opened} of ${count} Socket Mode connections within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (n: number) => {
          if (n < count) return;
          clearTimeout(timer);
          events.off("hello", listener);
          resolve();
        };
        events.on("hello", listener);
      });
    },
    sendEnvelope(envelope, { timeoutMs = options.ackTimeoutMs ?? 3_000 } = {}) {
      const ws = newest();
      if (!ws) return Promise.reject(new Error("no app is connected to the fake Socket Mode server"));
      const envelopeId = randomUUID();
      const accepts =
        envelope.acceptsResponsePayload ??
        (envelope.type === "slash_commands" || (envelope.type === "interactive" && envelope.payload["type"] === "view_submission"));
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`no ack for ${envelope.type} envelope ${envelopeId} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelopeId, (ack) => {
          clearTimeout(timer);
          pending.delete(envelopeId);
          resolve(ack);
        });
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type: envelope.type,
            payload: envelope.payload,
            accepts_response_payload: accepts,
            ...(envelope.type === "events_api" ? { retry_attempt: envelope.retryAttempt ?? 0, retry_reason: envelope.retryReason ?? "" } : {}),
          }),
        );
      });
    },
    disconnect(reason = "refresh_requested") {
      newest()?.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "fake-socket-mode" } }));
    },
    dropConnection() {
      newest()?.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of [...sockets]) ws.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
