// Locates a check's pass/fail fixtures: files named `<id>.pass[.n].yaml` and
// `<id>.fail[.n].yaml` beside the check, plus inline fixtures for generated checks.
// Lives in core but reads files: it is imported only by tests and the fixture CLI.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { snapshotFromManifests } from "../snapshot/build.js";
import { parseManifestText } from "../snapshot/parse.js";
import type { ClusterSnapshot } from "../snapshot/types.js";
import { parse as parseYaml } from "yaml";
import type { AuditSettings } from "./settings.js";
import type { CheckDefinition } from "./types.js";

export const CHECKS_DIR = dirname(fileURLToPath(import.meta.url));

export interface Fixture {
  name: string;
  expect: "pass" | "fail";
  snapshot: ClusterSnapshot;
  /** From `<id>.settings.yaml` beside the check, for checks that only run when configured. */
  settings?: Partial<AuditSettings>;
}

const FIXTURE_FILE = /^(.+)\.(pass|fail)(\.[\w-]+)?\.(ya?ml|json)$/;

export function listFixtureFiles(): { id: string; expect: "pass" | "fail"; path: string }[] {
  const out: { id: string; expect: "pass" | "fail"; path: string }[] = [];
  for (const entry of readdirSync(CHECKS_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(CHECKS_DIR, entry.name))) {
      const m = FIXTURE_FILE.exec(file);
      if (m) out.push({ id: m[1]!, expect: m[2] as "pass" | "fail", path: join(CHECKS_DIR, entry.name, file) });
    }
  }
  return out;
}

function toSnapshot(text: string, name: string): ClusterSnapshot {
  return snapshotFromManifests([parseManifestText(text, name)], { description: name, capturedAt: "2026-01-01T00:00:00Z" });
}

function settingsFor(dir: string, id: string): Partial<AuditSettings> | undefined {
  const path = join(dir, `${id}.settings.yaml`);
  return existsSync(path) ? (parseYaml(readFileSync(path, "utf8")) as Partial<AuditSettings>) : undefined;
}

export function fixturesFor(check: CheckDefinition, files = listFixtureFiles()): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const f of files.filter((f) => f.id === check.id)) {
    const settings = settingsFor(dirname(f.path), check.id);
    fixtures.push({
      name: f.path.slice(CHECKS_DIR.length + 1),
      expect: f.expect,
      snapshot: toSnapshot(readFileSync(f.path, "utf8"), f.path),
      ...(settings ? { settings } : {}),
    });
  }
  for (const expect of ["pass", "fail"] as const) {
    (check.fixtures?.[expect] ?? []).forEach((text, i) => {
      const name = `${check.id} inline ${expect} #${i + 1}`;
      fixtures.push({ name, expect, snapshot: toSnapshot(text, name) });
    });
  }
  return fixtures;
}
