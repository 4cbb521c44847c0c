// Replicas of the bot and the workers start together against one SQLite file;
// each migrates at start. None may fail, and each migration is applied once.
// (PostgreSQL's counterpart is in store.pg.test.ts.)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const PROCESSES = 6;

const journalEntries = (dialect: string) =>
  (JSON.parse(readFileSync(join(ROOT, "migrations", dialect, "meta", "_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

const ROUNDS = 12;
const ROUND_MS = 150;

/**
 * A process that loads the store module, then opens a fresh file at each round's
 * start time, the same instants in every process: process start-up alone
 * staggers them by far more than a migration takes, and one collision per round
 * is a coin toss, so there are several rounds. Prints what failed.
 */
function storeProcess(dir: string, startAt: number): Promise<{ code: number | null; output: string }> {
  // createStore loads the dialect's module lazily, which takes longer than migrating: load it first.
  const script = `const { join } = await import("node:path");
const { openSqliteStore } = await import(${JSON.stringify(join(ROOT, "src/adapters/db/sqlite-store.ts"))});
const [dir, startAt] = [process.argv[1], Number(process.argv[2])];
for (let round = 0; round < ${ROUNDS}; round++) {
  await new Promise((r) => setTimeout(r, Math.max(0, startAt + round * ${ROUND_MS} - Date.now())));
  try {
    const store = openSqliteStore(join(dir, "round-" + round + ".db"));
    await store.close();
  } catch (err) {
    console.log("round " + round + ": " + String(err.message).split("\\n")[0]);
    process.exitCode = 1;
  }
}`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, dir, String(startAt)], { cwd: ROOT });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("a SQLite store opened by several processes at once", () => {
  const dir = mkdtempSync(join(tmpdir(), "harden-concurrent-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("when six processes open the same new SQLite files at the same instants, then all start and each migration is recorded once", async () => {
    // Far enough ahead for every process to have loaded its modules on a busy machine.
    const startAt = Date.now() + 8000;
    const results = await Promise.all(Array.from({ length: PROCESSES }, () => storeProcess(dir, startAt)));
    expect(results.filter((r) => r.code !== 0).map((r) => r.output)).toEqual([]);
    for (let round = 0; round < ROUNDS; round++) {
      const db = new Database(join(dir, `round-${round}.db`), { readonly: true });
      try {
        const applied = db.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
        expect(applied.n).toBe(journalEntries("sqlite"));
      } finally {
        db.close();
      }
    }
  }, 60_000);
});
