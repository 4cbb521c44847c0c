import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit.js";

describe("GroupCommit", () => {
  it("when rows arrive within the window, then they are written in one call, in order, and each caller learns when", async () => {
    const writes: string[][] = [];
    const rows = new GroupCommit<string>((batch) => void writes.push([...batch]), 5);
    const settled = Promise.all(["a", "b", "c"].map((r) => rows.add(r)));
    expect(writes).toEqual([]);
    await settled;
    expect(writes).toEqual([["a", "b", "c"]]);
    await rows.add("d");
    expect(writes).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("when a reader flushes, then what is waiting is written at once and the window's timer writes nothing twice", async () => {
    const writes: string[][] = [];
    const rows = new GroupCommit<string>((batch) => void writes.push([...batch]), 1_000);
    const pending = rows.add("a");
    rows.flush();
    expect(writes).toEqual([["a"]]);
    await pending;
    rows.flush();
    expect(writes).toEqual([["a"]]);
  });

  it("when a write fails, then every row of that batch is rejected and the next batch is written", async () => {
    let fail = true;
    const writes: string[][] = [];
    const rows = new GroupCommit<string>((batch) => {
      if (fail) throw new Error("disk full");
      writes.push([...batch]);
    }, 1);
    const results = await Promise.allSettled([rows.add("a"), rows.add("b")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await rows.add("c");
    expect(writes).toEqual([["c"]]);
  });

  it("when the write is asynchronous, then flush settles once it is done, and a later flush with nothing waiting waits for the write in flight", async () => {
    const writes: string[][] = [];
    let finish!: () => void;
    const rows = new GroupCommit<string>((batch) => new Promise<void>((resolve) => (finish = () => (writes.push([...batch]), resolve()))), 1_000);
    const added = rows.add("a");
    let flushed = false;
    const first = rows.flush().then(() => (flushed = true));
    const again = rows.flush();
    await Promise.resolve();
    expect(flushed).toBe(false);
    finish();
    await Promise.all([first, again, added]);
    expect(writes).toEqual([["a"]]);
  });

  it("when an asynchronous write rejects, then the rows of that batch are rejected", async () => {
    const rows = new GroupCommit<string>(() => Promise.reject(new Error("Connection is closed.")), 1);
    await expect(rows.add("a")).rejects.toThrow("Connection is closed.");
  });
});
