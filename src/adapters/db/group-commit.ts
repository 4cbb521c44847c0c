// Rows that arrive close together, written in one transaction. better-sqlite3 is
// synchronous: each commit is a WAL write on the event loop, and now and then the
// disk makes one wait long enough to stall every request the process is serving.
// The bot writes an audit-trail row for every slash command; grouping the rows of
// a short window into one commit makes those writes, and those stalls, rarer.

interface Batch<Row> {
  rows: Row[];
  /** Settles when the batch is committed; every row added to it shares it. */
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<Row> {
  #batch: Batch<Row> | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** `write` commits its rows in one transaction, or throws and commits none. */
  constructor(
    private readonly write: (rows: readonly Row[]) => void,
    private readonly windowMs: number,
  ) {}

  /** Settles once the row is committed (or its batch failed). */
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
      this.#timer = setTimeout(() => this.flush(), this.windowMs);
    }
    batch.rows.push(row);
    return batch.done;
  }

  /** Commits what is waiting now: before a read that must see it, and at close. */
  flush(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = undefined;
    clearTimeout(this.#timer);
    try {
      this.write(batch.rows);
      batch.resolve();
    } catch (err) {
      batch.reject(err);
    }
  }
}
