import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Dependencies point inward: the domain stays pure so fixtures, CLI, bot and
// workers share it. Only composition roots read process.env.
const ROOT = join(import.meta.dirname, "..");

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const FORBIDDEN_IN_CORE = [
  "@slack/bolt",
  "@slack/web-api",
  "bullmq",
  "ioredis",
  "drizzle-orm",
  "better-sqlite3",
  "pg",
  "@kubernetes/client-node",
  "prom-client",
  "pino",
  "node:child_process",
  "node:http",
  "node:net",
];

const importsOf = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);

describe("architecture", () => {
  it("when code lives in src/core, then it imports no I/O library", () => {
    const offenders: string[] = [];
    for (const f of files(join(ROOT, "src/core"))) {
      // The fixture locator is test support that happens to sit beside the checks.
      if (f.endsWith("checks/fixtures.ts")) continue;
      for (const spec of importsOf(readFileSync(f, "utf8"))) {
        if (FORBIDDEN_IN_CORE.some((lib) => spec === lib || spec.startsWith(`${lib}/`))) offenders.push(`${relative(ROOT, f)} -> ${spec}`);
        if (spec.startsWith("node:fs")) offenders.push(`${relative(ROOT, f)} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("when code is not a composition root, then it does not read process.env", () => {
    const offenders: string[] = [];
    for (const dir of ["src/core", "src/app", "src/adapters", "src/slack", "commands", "jobs"]) {
      let list: string[] = [];
      try {
        list = files(join(ROOT, dir));
      } catch {
        continue;
      }
      for (const f of list) if (/process\.env/.test(readFileSync(f, "utf8"))) offenders.push(relative(ROOT, f));
    }
    expect(offenders).toEqual([]);
  });
});
