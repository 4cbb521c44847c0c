// Socket Mode: the bot dials out to Slack over a WebSocket, so no ingress is
// needed. `apps.connections.open` goes to SLACK_API_URL like every other call.
// Envelopes are acked on the socket; a redelivered event carries the same
// event_id and the app's event dedup drops it.
import { performance } from "node:perf_hooks";
import { SocketModeReceiver, type Logger } from "@slack/bolt";

export interface SocketReceiverOptions {
  appToken: string;
  slackApiUrl?: string;
  logger: Logger;
  /** @slack/socket-mode's defaults (5 s client, 30 s server) suit Slack; tests shorten them. */
  clientPingTimeoutMs?: number;
  serverPingTimeoutMs?: number;
}

export function createSocketReceiver(options: SocketReceiverOptions): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.logger,
    autoReconnectEnabled: true,
    ...(options.clientPingTimeoutMs !== undefined ? { clientPingTimeout: options.clientPingTimeoutMs } : {}),
    ...(options.serverPingTimeoutMs !== undefined ? { serverPingTimeout: options.serverPingTimeoutMs } : {}),
    installerOptions: { clientOptions: options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {} },
    customPropertiesExtractor: () => ({ receivedAt: performance.now() }),
  });
}
