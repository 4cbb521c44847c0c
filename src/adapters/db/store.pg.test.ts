import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, UnavailableError } from "../../core/errors.js";
import { approvalsContract } from "../../../test/contract/approvals.contract.js";
import { historyContract, sampleRun } from "../../../test/contract/history.contract.js";
import { schedulesContract } from "../../../test/contract/schedules.contract.js";
import { createTestDatabase, databaseUrl, type TestDatabase } from "../../../test/support/postgres.js";
import { createStore } from "./index.js";

const PASSWORD = "Sup3r-S3cret-Pw";

describe("PostgreSQL store", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  // The password is ignored under trust auth; carrying one checks nothing leaks it on the happy path either.
  const open = () => createStore(databaseUrl(db.name, PASSWORD));

  historyContract(open);
  approvalsContract(open);
  schedulesContract(open);

  it("when the store is created twice on the same database, then migrations re-run safely and the data is still there", async () => {
    const first = await createStore(db.url);
    const saved = await first.history.saveRun(sampleRun("prod"), []);
    const second = await createStore(db.url);
    try {
      expect(await second.history.getRun(saved.id)).toEqual(saved);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

describe("PostgreSQL store start-up", () => {
  it("when several processes start at once on a fresh database, then each migrates without error", async () => {
    const fresh = await createTestDatabase();
    try {
      const opened = await Promise.allSettled([1, 2, 3, 4].map(() => createStore(fresh.url)));
      const stores = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
      try {
        expect(opened.filter((o) => o.status === "rejected")).toEqual([]);
        const runs = await Promise.all(stores.map((s) => s.history.saveRun(sampleRun("prod"), [])));
        expect(new Set(runs.map((r) => r.id)).size).toBe(4);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    } finally {
      await fresh.drop();
    }
  });

  it("when the server cannot be reached, then the error is UnavailableError and omits the password", async () => {
    const err = await createStore(`postgres://harden:${PASSWORD}@127.0.0.1:1/harden`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain("harden:****@127.0.0.1:1");
    expect((err as Error).message).not.toContain(PASSWORD);
  });

  it("when the database does not exist, then the error is InputError and omits the password", async () => {
    const err = await createStore(databaseUrl(`harden_missing_${randomBytes(4).toString("hex")}`, PASSWORD)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/does not exist/);
    expect((err as Error).message).not.toContain(PASSWORD);
  });
});
