import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../core/errors.js";
import { approvalsContract } from "../../../test/contract/approvals.contract.js";
import { historyContract, sampleRun } from "../../../test/contract/history.contract.js";
import { schedulesContract } from "../../../test/contract/schedules.contract.js";
import { createStore } from "./index.js";

describe("SQLite store in memory", () => {
  const open = () => createStore("sqlite::memory:");
  historyContract(open);
  approvalsContract(open);
  schedulesContract(open);
});

describe("SQLite store in a file", () => {
  const dir = mkdtempSync(join(tmpdir(), "harden-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "data", "nested", "harden.db");
  const open = () => createStore(`sqlite:${file}`);

  historyContract(open);
  approvalsContract(open);
  schedulesContract(open);

  it("when the file's directory does not exist, then it is created and the journal is in WAL mode", async () => {
    const path = join(dir, "fresh", "deeper", "harden.db");
    const store = await createStore(`sqlite:${path}`);
    await store.close();
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      raw.close();
    }
  });

  it("when the store is opened again on the same file, then migrations re-run safely and the data is still there", async () => {
    const path = join(dir, "reopen.db");
    const first = await createStore(`sqlite:${path}`);
    const saved = await first.history.saveRun(sampleRun("prod"), []);
    await first.close();
    const second = await createStore(`sqlite:${path}`);
    try {
      expect(await second.history.getRun(saved.id)).toEqual(saved);
    } finally {
      await second.close();
    }
  });

  it("when a store is closed twice, through history or the store, then the second close is harmless", async () => {
    const store = await createStore("sqlite::memory:");
    await store.history.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe("createStore", () => {
  it("when the scheme is unknown, then it fails with an InputError that masks the password", async () => {
    const err = await createStore("mysql://root:Sup3r-S3cret@db.internal:3306/harden").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('"mysql:"');
    expect((err as Error).message).toContain("root:****@db.internal");
    expect((err as Error).message).not.toContain("Sup3r-S3cret");
  });

  it("when the sqlite URL names no file, then it fails with an InputError", async () => {
    await expect(createStore("sqlite:")).rejects.toBeInstanceOf(InputError);
  });
});
