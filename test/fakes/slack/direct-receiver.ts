// Feeds bodies straight into a Bolt App, as bolt-js's own tests do: no HTTP and no
// socket, so a handler test sees exactly what Bolt makes of one body.
import { LogLevel, type App, type Logger, type Receiver, type ReceiverEvent } from "@slack/bolt";

/** Bolt's own chatter stays out of test output; tests assert on what the handlers record. */
export const quietBoltLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

export class DirectReceiver implements Receiver {
  app?: App;
  init(app: App) {
    this.app = app;
  }
  start = async () => undefined;
  stop = async () => undefined;
  /** One delivery; `retryNum` as Slack's X-Slack-Retry-Num would say. */
  async deliver(body: Record<string, unknown>, retryNum?: number): Promise<void> {
    const event: ReceiverEvent = { body, ack: async () => {}, ...(retryNum !== undefined ? { retryNum } : {}) };
    await this.app!.processEvent(event);
  }
}
