// Opens the history store named by a URL and brings its schema up to date:
//   sqlite:./data/harden.db   embedded default (parent directory created, WAL)
//   sqlite::memory:           tests and one-shot CLI runs
//   postgres://... | postgresql://...
import { InputError } from "../../core/errors.js";
import type { PgStoreOptions } from "./pg-store.js";
import type { Store } from "./store.js";
import { parseStoreUrl } from "./url.js";

export type { Store } from "./store.js";
/** For log lines naming the store: the URL without its password. */
export { maskUrl } from "./url.js";

export type StoreOptions = PgStoreOptions;

export async function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (typeof url !== "string" || url.trim() === "") throw new InputError("database URL is empty");
  const location = parseStoreUrl(url);
  // Each dialect loads only its own driver.
  if (location.dialect === "sqlite") return (await import("./sqlite-store.js")).openSqliteStore(location.file);
  return (await import("./pg-store.js")).openPgStore(location.connectionString, options);
}

