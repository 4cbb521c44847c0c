import { diffRuns } from "../app/run-audit.js";
import { EXIT, UsageError } from "./cli-output.js";
import { readRuntimeEnv } from "./runtime-config.js";
import { openStore } from "./store.js";

interface HistoryOptions {
  env: string;
  limit: number;
  db?: string;
  format: string;
  config?: string;
}

export async function historyCommand(o: HistoryOptions): Promise<number> {
  if (!Number.isInteger(o.limit) || o.limit < 1) throw new UsageError("--limit must be a positive integer");
  const store = await openStore(readRuntimeEnv({ ...(o.db ? { db: o.db } : {}) }).databaseUrl);
  try {
    const runs = await store.history.listRuns({ environment: o.env, limit: o.limit });
    if (o.format === "json") {
      process.stdout.write(JSON.stringify(runs, null, 2) + "\n");
      return EXIT.ok;
    }
    if (runs.length === 0) {
      process.stdout.write(`no runs recorded for ${o.env}\n`);
      return EXIT.ok;
    }
    process.stdout.write(`RUN    KIND    STARTED                   SCORE  FAIL  UNKNOWN  WAIVED  SOURCE\n`);
    for (const r of runs) {
      const s = (r.summary["byStatus"] ?? {}) as Record<string, number>;
      process.stdout.write(
        `${String(r.id).padEnd(6)} ${r.kind.padEnd(7)} ${r.startedAt.padEnd(25)} ${String(r.score ?? "n/a").padStart(5)}  ${String(s["fail"] ?? 0).padStart(4)}  ${String(s["unknown"] ?? 0).padStart(7)}  ${String(s["waived"] ?? 0).padStart(6)}  ${r.source}\n`,
      );
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

interface DiffOptions {
  env: string;
  db?: string;
  format: string;
  runA?: string | undefined;
  runB?: string | undefined;
  config?: string;
}

const runNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`run ids are positive integers, got "${v}"`);
  return n;
};

export async function diffCommand(o: DiffOptions): Promise<number> {
  if ((o.runA === undefined) !== (o.runB === undefined)) throw new UsageError("give two run ids, or none for the newest two");
  const store = await openStore(readRuntimeEnv({ ...(o.db ? { db: o.db } : {}) }).databaseUrl);
  try {
    const { a, b, diff } = await diffRuns(
      store.history,
      o.env,
      o.runA !== undefined ? runNumber(o.runA) : undefined,
      o.runB !== undefined ? runNumber(o.runB) : undefined,
    );
    if (!a || !b || !diff) {
      if (o.runA !== undefined) throw new UsageError(`run ${!a ? o.runA : o.runB} not found`);
      process.stdout.write(`${o.env} has fewer than two recorded audit runs; nothing to compare\n`);
      return EXIT.ok;
    }
    if (a.environment !== b.environment) throw new UsageError(`runs ${a.id} and ${b.id} belong to different environments`);
    if (o.format === "json") {
      process.stdout.write(JSON.stringify({ from: a, to: b, ...diff }, null, 2) + "\n");
      return EXIT.ok;
    }
    const line = (sign: string, f: { severity: string; checkId: string; kind: string; namespace: string | null; name: string; container: string | null }) =>
      `  ${sign} ${f.severity.padEnd(8)} ${f.checkId.padEnd(40)} ${f.kind}/${f.namespace ? f.namespace + "/" : ""}${f.name}${f.container ? ` [${f.container}]` : ""}\n`;
    process.stdout.write(
      `${o.env}: run ${a.id} (${a.startedAt}, score ${a.score ?? "n/a"}) -> run ${b.id} (${b.startedAt}, score ${b.score ?? "n/a"})\n` +
        `${diff.new.length} new, ${diff.fixed.length} fixed, ${diff.persisting.length} persisting\n`,
    );
    if (diff.new.length) process.stdout.write("new:\n" + diff.new.map((f) => line("+", f)).join(""));
    if (diff.fixed.length) process.stdout.write("fixed:\n" + diff.fixed.map((f) => line("-", f)).join(""));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
