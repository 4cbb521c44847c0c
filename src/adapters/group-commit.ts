// Rows that arrive close together, written together. better-sqlite3 is synchronous:
// each commit is a WAL write on the event loop, and now and then the disk makes one
// wait long enough to stall every request the process is serving, so the bot's
// audit-trail rows of a short window share one transaction. Replay keys that a
// replica decided alone go to Redis the same way, one pipeline per window.

interface Batch<Row> {
  rows: Row[];
  /** Settles when the batch is written; every row added to it shares it. */
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<Row> {
  #batch: Batch<Row> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  /**
   * `write` writes its rows at once, or throws (or rejects) and writes none. A
   * synchronous `write` has written the batch by the time `flush` returns.
   */
  constructor(
    private readonly write: (rows: readonly Row[]) => void | Promise<void>,
    private readonly windowMs: number,
  ) {}

  /** Settles once the row is written (or its batch failed). */
  add(row: Row): Promise<void> {
    let batch = this.#batch;
    if (!batch) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      batch = this.#batch = { rows: [], done, resolve, reject };
      this.#timer = setTimeout(() => void this.flush(), this.windowMs);
    }
    batch.rows.push(row);
    return batch.done;
  }

  /**
   * Writes what is waiting now: before a read that must see it, and at close.
   * Settles when that write is done or, with nothing waiting, when the one in flight is.
   */
  flush(): Promise<void> {
    const batch = this.#batch;
    if (!batch) return this.#writing;
    this.#batch = undefined;
    clearTimeout(this.#timer);
    try {
      const written = this.write(batch.rows);
      if (!written) batch.resolve();
      else this.#writing = written.then(batch.resolve, batch.reject);
    } catch (err) {
      batch.reject(err);
    }
    return this.#writing;
  }
}
