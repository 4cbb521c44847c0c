// A small error vocabulary. Domain and use-case code throws meaning; the edges
// translate it: the CLI into an exit code and one line, Slack into an ephemeral
// message, the job runner into "retry" or "fail now".

/** The caller gave something we cannot use (bad arguments, unreadable manifest). Permanent. */
export class InputError extends Error {
  override name = "InputError";
}

/** The caller may not do this. Permanent. */
export class NotAllowedError extends Error {
  override name = "NotAllowedError";
}

/** The thing asked for does not exist (environment, run, approval). Permanent. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** The state moved on (already decided, object changed since planning). Permanent for this attempt. */
export class ConflictError extends Error {
  override name = "ConflictError";
}

/** Something we depend on is down or slow (cluster API, Redis, Prometheus). Worth retrying. */
export class UnavailableError extends Error {
  override name = "UnavailableError";
}

export function isPermanent(err: unknown): boolean {
  return err instanceof InputError || err instanceof NotAllowedError || err instanceof NotFoundError || err instanceof ConflictError;
}
