// Bolt and its receivers log through this, so their lines land in the process log
// with its sanitizer, at warn and above by default: Bolt's debug lines quote whole
// request bodies (response_url included, a bearer URL).
import { LogLevel, type Logger } from "@slack/bolt";

export interface LineLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Bolt passes Errors and objects as well as strings; only their names and messages are kept. */
function text(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : typeof p === "string" ? p : (() => {
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })()))
    .join(" ");
}

export function boltLogger(log: LineLogger, initial: LogLevel = LogLevel.WARN): Logger {
  let level = initial;
  let name = "bolt";
  const on = (l: LogLevel) => ORDER.indexOf(l) >= ORDER.indexOf(level);
  return {
    debug: (...m: unknown[]) => on(LogLevel.DEBUG) && log.debug(`${name}: ${text(m)}`),
    info: (...m: unknown[]) => on(LogLevel.INFO) && log.info(`${name}: ${text(m)}`),
    warn: (...m: unknown[]) => on(LogLevel.WARN) && log.warn(`${name}: ${text(m)}`),
    error: (...m: unknown[]) => on(LogLevel.ERROR) && log.error(`${name}: ${text(m)}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}
