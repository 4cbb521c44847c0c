// Database URLs come from config and often carry a password. Everything that
// describes a URL to people (errors, logs) goes through maskUrl / scrub first.
import { InputError } from "../../core/errors.js";

export type StoreLocation =
  | { dialect: "sqlite"; /** ":memory:" or a file path, relative to the working directory. */ file: string }
  | { dialect: "postgres"; connectionString: string };

const MASK = "****";

/** The URL with any password replaced, safe to log. Works on strings that do not parse as URLs too. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = MASK;
      return parsed.toString();
    }
  } catch {
    // Not a WHATWG URL (e.g. "sqlite:./x.db" parses, "postgres://u:p@[bad" does not): fall through.
  }
  return url.replace(/(\/\/[^:/?#@\s]*):[^/\s]*@/g, `$1:${MASK}@`);
}

/** The password of a URL in every spelling it may appear in (raw and percent-decoded). */
function passwordsOf(url: string): string[] {
  const found = new Set<string>();
  const m = /\/\/[^:/?#@\s]*:([^/\s]*)@/.exec(url);
  if (m?.[1]) found.add(m[1]);
  try {
    const p = new URL(url).password;
    if (p) {
      found.add(p);
      found.add(decodeURIComponent(p));
    }
  } catch {
    // Unparseable: the regex above already took what it could.
  }
  return [...found].filter((p) => p.length > 0);
}

/** Removes the URL's password from a message (a driver error may quote its input). */
export function scrub(message: string, url: string): string {
  let out = message;
  for (const p of passwordsOf(url)) out = out.split(p).join(MASK);
  return out;
}

export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim();
  if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
    return { dialect: "postgres", connectionString: trimmed };
  }
  if (trimmed.startsWith("sqlite:")) {
    let file = trimmed.slice("sqlite:".length);
    // Accept the URL-looking spellings sqlite:///abs/path and sqlite://./rel too.
    if (file.startsWith("//")) file = file.slice(2);
    if (file === "") throw new InputError(`database URL "sqlite:" names no file; use sqlite:./data/harden.db or sqlite::memory:`);
    return { dialect: "sqlite", file };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  throw new InputError(
    `unsupported database URL ${scheme ? `scheme "${scheme}:" in ` : ""}"${maskUrl(trimmed)}"; ` +
      `use sqlite:<path>, sqlite::memory: or postgres://user@host:5432/db`,
  );
}
