// Shared by the contract suites. Suites may run against one database shared by the
// whole test file (PostgreSQL), so every test scopes its rows by a unique environment.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";

export const unique = (prefix: string): string => `${prefix}-${randomBytes(4).toString("hex")}`;

/** Opens a store for a suite; the suite closes it when done. */
export type OpenStore<T> = () => Promise<T & { close(): Promise<void> }>;

/** Opens the store before the suite's tests and closes it after; call inside a describe. */
export function useStore<T>(open: OpenStore<T>): () => T {
  let store: (T & { close(): Promise<void> }) | undefined;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });
  return () => {
    if (!store) throw new Error("store not open: useStore must be called inside a describe block");
    return store;
  };
}
