// Undoing what a test set up (servers, stores, queues), after each test, newest
// first, so later pieces that lean on earlier ones are gone before those are.
import { afterEach } from "vitest";

export type Cleanup = () => unknown;

/**
 * Call at the top level (or in a describe); push onto the list it returns.
 * `tolerant`: a cleanup that fails (a queue the test already closed) does not fail the test.
 */
export function cleanupAfterEach(options: { tolerant?: boolean } = {}): Cleanup[] {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const clean of cleanups.splice(0).reverse()) {
      if (options.tolerant) await Promise.resolve().then(clean).catch(() => {});
      else await clean();
    }
  });
  return cleanups;
}
