// The process logger: pino, JSON lines on stdout (or any stream), with every line
// passed through the secret sanitizer after serialisation, so a token reaches no
// log whatever path it took to get there: an error message, a stack trace, a
// Slack payload logged while debugging, a URL with a password in it.
import pino, { type DestinationStream, type Logger } from "pino";
import { createSanitizer } from "./sanitize.js";

export type { Logger } from "pino";

export interface LoggerOptions {
  level?: string;
  /** Every configured secret value; each is masked in all its forms. */
  secrets: Iterable<string | undefined>;
  /** Where lines go; stdout when absent. */
  destination?: DestinationStream;
  /** Fields on every line ({ process: "bot" }). */
  base?: Record<string, unknown>;
}

/**
 * Known places for credentials in objects we log (request headers, Bolt bodies),
 * dropped before serialisation; the sanitizer catches whatever else gets through.
 */
const REDACT_PATHS = [
  "headers.authorization",
  "headers.cookie",
  'headers["x-slack-signature"]',
  "req.headers.authorization",
  "req.headers.cookie",
  "token",
  "body.token",
  "body.response_url",
  "response_url",
];

export function createLogger(options: LoggerOptions): Logger {
  const sanitize = createSanitizer(options.secrets);
  return pino(
    {
      level: options.level ?? "info",
      base: { ...(options.base ?? {}) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      hooks: { streamWrite: sanitize },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
