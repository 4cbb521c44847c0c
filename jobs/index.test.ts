import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { AnyJobDefinition } from "./define.js";
import type { AuditPayload } from "./audit.job.js";
import { auditJob, JOB_DEFINITIONS, JOB_KINDS } from "./index.js";

const DIR = import.meta.dirname;
const jobFiles = readdirSync(DIR).filter((f) => f.endsWith(".job.ts"));

const isDefinition = (v: unknown): v is AnyJobDefinition =>
  typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string" && typeof (v as { process?: unknown }).process === "function";

describe("job registry", () => {
  it("when a *.job.ts file defines a job, then that definition is in JOB_DEFINITIONS", async () => {
    expect(jobFiles.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const file of jobFiles) {
      const mod = (await import(pathToFileURL(join(DIR, file)).href)) as Record<string, unknown>;
      const defs = Object.values(mod).filter(isDefinition);
      if (defs.length === 0) missing.push(`${file} (defines no job)`);
      for (const def of defs) if (!(JOB_DEFINITIONS as readonly unknown[]).includes(def)) missing.push(`${file}: ${def.kind}`);
    }
    expect(missing).toEqual([]);
  });

  it("when the registry is read, then every kind appears once and JOB_KINDS lists exactly them", () => {
    const kinds = JOB_DEFINITIONS.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect([...JOB_KINDS].sort()).toEqual([...kinds].sort());
    expect(kinds).toEqual(expect.arrayContaining(["audit", "digest", "remediation", "app-home"]));
  });

  it("when a job's payload is checked, then it carries ids only and refuses what it does not know", () => {
    const audit = JOB_DEFINITIONS.find((d) => d.kind === "audit")!;
    expect(audit.payload.safeParse({ environment: "prod", channel: "C0PROD0001", requestedBy: "U0ALICE01" }).success).toBe(true);
    expect(audit.payload.safeParse({ environment: "" }).success).toBe(false);
    const home = JOB_DEFINITIONS.find((d) => d.kind === "app-home")!;
    expect(home.payload.safeParse({ userId: "not-a-user" }).success).toBe(false);
  });

  it("when the same audit is asked twice, then both requests share a coalescing key; another scope or channel does not", () => {
    const key = (p: AuditPayload) => auditJob.coalesce!.key(p);
    const base = { environment: "prod", channel: "C0PROD0001" };
    expect(key({ ...base, requestedBy: "U1", checkIds: ["b", "a"] })).toBe(key({ ...base, requestedBy: "U2", checkIds: ["a", "b"] }));
    expect(key({ ...base, namespace: "web" })).not.toBe(key(base));
    expect(key({ ...base, channel: "C0OTHER001" })).not.toBe(key(base));
  });
});
