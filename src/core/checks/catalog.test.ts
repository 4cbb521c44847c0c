import { describe, expect, it } from "vitest";
import { runAudit } from "../audit/engine.js";
import { fixturesFor, listFixtureFiles } from "./fixtures.js";
import { DEFAULT_AUDIT_SETTINGS } from "./settings.js";
import { ALL_CHECKS } from "./registry.js";

// One test walks the whole catalog: every check has at least one pass and one
// fail fixture, and each behaves as its name says.
const files = listFixtureFiles();
const NOW = () => new Date("2026-06-01T00:00:00Z");

describe("check catalog fixtures", () => {
  it("when fixture files exist, then each belongs to a registered check", () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    const orphans = files.filter((f) => !ids.has(f.id)).map((f) => f.path);
    expect(orphans).toEqual([]);
  });

  for (const check of ALL_CHECKS) {
    describe(check.id, () => {
      const fixtures = fixturesFor(check, files);
      it("has pass and fail fixtures", () => {
        expect(fixtures.some((f) => f.expect === "pass"), "pass fixture").toBe(true);
        expect(fixtures.some((f) => f.expect === "fail"), "fail fixture").toBe(true);
      });
      for (const fixture of fixtures) {
        it(`when given ${fixture.name}, then it reports ${fixture.expect}`, () => {
          const report = runAudit(fixture.snapshot, {
            environment: "fixture",
            checks: [check],
            clock: NOW,
            includePassed: true,
            settings: { ...DEFAULT_AUDIT_SETTINGS, ...fixture.settings },
          });
          const statuses = report.findings.map((f) => `${f.status} ${f.resource.kind}/${f.resource.name}${f.resource.container ? "/" + f.resource.container : ""}: ${f.message}`);
          expect(report.notes.filter((n) => n.includes("more than once"))).toEqual([]);
          if (fixture.expect === "fail") {
            expect(statuses.filter((s) => s.startsWith("fail")), statuses.join("\n")).not.toEqual([]);
          } else {
            expect(statuses.filter((s) => s.startsWith("fail") || s.startsWith("unknown")), statuses.join("\n")).toEqual([]);
            expect(statuses.filter((s) => s.startsWith("pass")), "a pass fixture must produce at least one pass").not.toEqual([]);
          }
        });
      }
    });
  }
});
