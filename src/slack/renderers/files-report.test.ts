import { describe, expect, it } from "vitest";
import { renderFilesReport } from "./files-report.js";
import { finding, reportOf, sampleReport } from "../../../test/support/render-samples.js";

describe("renderFilesReport", () => {
  it("when a report is rendered as files, then the Markdown lists every non-pass finding and the JSON is the report", async () => {
    const files = renderFilesReport(sampleReport);
    expect(JSON.parse(files.json)).toEqual(sampleReport);
    const rows = files.markdown.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Status"));
    expect(rows).toHaveLength(sampleReport.findings.filter((f) => f.status !== "pass").length);
    expect(rows[0]).toMatch(/^\| fail \| critical \|/);
    expect(files.basename).toBe("harden-audit-prod-20260302T0930");
    await expect(files.markdown).toMatchFileSnapshot("./__golden__/files-report.md");
  });

  it("when a message holds pipes or newlines, then the table row stays one row", () => {
    const f = finding({ checkId: "x", severity: "low", resource: { kind: "Pod", namespace: "a", name: "b" }, message: "a | b\nc" });
    const row = renderFilesReport(reportOf([f])).markdown.split("\n").find((l) => l.startsWith("| fail"));
    expect(row).toContain("a \\| b c");
    expect(row!.split(/(?<!\\)\|/)).toHaveLength(10);
  });

  it("when everything passes, then the Markdown says there is nothing to list", () => {
    const f = finding({ checkId: "x", severity: "low", status: "pass", resource: { kind: "Pod", name: "b" }, message: "ok" });
    expect(renderFilesReport(reportOf([f])).markdown).toContain("None.");
  });
});
