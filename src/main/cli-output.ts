// Terminal concerns of the CLI: colour only on a TTY, one-line errors, exit codes.
import { styleText } from "node:util";
import { ConfigError } from "../core/config/schema.js";
import { ConflictError, InputError, NotAllowedError, NotFoundError, UnavailableError } from "../core/errors.js";
import type { Paint } from "../core/report/table.js";

export const EXIT = { ok: 0, threshold: 1, usage: 2 } as const;

export function painter(stream: NodeJS.WriteStream): Paint {
  const colour = stream.isTTY && !process.env["NO_COLOR"];
  return (style, text) => (colour ? styleText(style, text) : text);
}

export class UsageError extends Error {
  override name = "UsageError";
}

/** Known errors become one line and exit 2; anything else is a bug and keeps its stack. */
export function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`harden: ${err.message}\n`);
    return EXIT.usage;
  }
  if (
    err instanceof UsageError ||
    err instanceof InputError ||
    err instanceof NotFoundError ||
    err instanceof NotAllowedError ||
    err instanceof ConflictError ||
    err instanceof UnavailableError
  ) {
    process.stderr.write(`harden: ${err.message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`harden: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70; // EX_SOFTWARE: a bug, not bad input
}
