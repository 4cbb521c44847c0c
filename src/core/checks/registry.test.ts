import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS_DIR } from "./fixtures.js";
import { ALL_CHECKS } from "./registry.js";
import { CATEGORIES, SEVERITIES, type CheckDefinition } from "./types.js";

const isCheck = (x: unknown): x is CheckDefinition =>
  typeof x === "object" && x !== null && typeof (x as CheckDefinition).id === "string" && typeof (x as CheckDefinition).evaluate === "function";

describe("check registry", () => {
  it("when two checks share an id, then the catalog is rejected", () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("when a check module exports a check, then a group lists it", async () => {
    const registered = new Set(ALL_CHECKS);
    const missing: string[] = [];
    for (const dir of readdirSync(CHECKS_DIR, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const file of readdirSync(join(CHECKS_DIR, dir.name))) {
        if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
        const mod = (await import(join(CHECKS_DIR, dir.name, file))) as Record<string, unknown>;
        for (const [name, value] of Object.entries(mod)) {
          const list = Array.isArray(value) ? value : [value];
          for (const v of list) if (isCheck(v) && !registered.has(v)) missing.push(`${dir.name}/${file}: ${name} (${v.id})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("when listed, then every check has complete metadata", () => {
    for (const c of ALL_CHECKS) {
      expect(SEVERITIES, c.id).toContain(c.severity);
      expect(CATEGORIES, c.id).toContain(c.category);
      expect(c.title.length, c.id).toBeGreaterThan(5);
      expect(c.description.length, c.id).toBeGreaterThan(20);
      expect(c.remediation.length, c.id).toBeGreaterThan(20);
      expect(c.needs.length, c.id).toBeGreaterThan(0);
    }
  });

  it("when the catalog is complete, then every category has at least one check", () => {
    const covered = new Set(ALL_CHECKS.map((c) => c.category));
    expect(CATEGORIES.filter((c) => !covered.has(c))).toEqual([]);
  });
});
