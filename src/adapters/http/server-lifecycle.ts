// Start, stop and address of a node:http server, the same for every port harden
// listens on (health and metrics, Slack's HTTP mode). A port already in use fails
// start() instead of crashing the process; stop() drops idle keep-alive sockets so
// it does not wait for clients to hang up.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServerLifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** http://host:port once listening. */
  url(): string;
}

/** `name` says what is not listening when url() is asked too early. */
export function serverLifecycle(server: Server, options: { port: number; host?: string; name: string }): ServerLifecycle {
  return {
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host ?? "0.0.0.0", () => {
          server.off("error", reject);
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
    url() {
      const a = server.address() as AddressInfo | null;
      if (!a) throw new Error(`${options.name} is not listening`);
      return `http://${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}`;
    },
  };
}
