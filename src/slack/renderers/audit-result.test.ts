import { describe, expect, it } from "vitest";
import type { Block, SectionBlock } from "./blocks.js";
import { renderAuditResult, type AuditResultInput } from "./audit-result.js";
import { buildAuditThread, MAX_THREAD_MESSAGES, renderAuditThread } from "./audit-thread.js";
import { expectGolden, expectWithinLimits } from "../../../test/support/golden.js";
import { finding, hugeReport, reportOf, sampleDiff, sampleReport } from "../../../test/support/render-samples.js";

const input = (over: Partial<AuditResultInput> = {}): AuditResultInput => ({
  environment: "prod",
  runId: 42,
  report: sampleReport,
  diff: sampleDiff,
  previousScore: 70,
  remediation: "enabled",
  ...over,
});

const sections = (blocks: Block[]) => blocks.filter((b): b is SectionBlock => b.type === "section");
const allText = (blocks: Block[]) => JSON.stringify(blocks);
const FINDING_LINE = /^:(red|large_orange|large_yellow|large_blue|white)_circle: /;
const findingLines = (blocks: Block[]) =>
  sections(blocks)
    .flatMap((s) => (s.text?.text ?? "").split("\n"))
    .filter((l) => FINDING_LINE.test(l));

describe("renderAuditResult", () => {
  it("when a run has new, persisting, unknown and waived findings, then the card matches its golden file", async () => {
    const msg = renderAuditResult(input());
    expectWithinLimits(msg);
    expect(msg.overflow).toBe(false);
    await expectGolden("audit-result", msg);
  });

  it("when it is the environment's first run, then nothing is marked new and the card says so", async () => {
    const msg = renderAuditResult(input({ diff: null, previousScore: null }));
    expectWithinLimits(msg);
    expect(allText(msg.blocks)).not.toContain("*NEW*");
    expect(allText(msg.blocks)).toContain("First run");
    await expectGolden("audit-result-first-run", msg);
  });

  it("when the score moved since the previous run, then the header shows the change", () => {
    const header = renderAuditResult(input({ previousScore: 20 })).blocks[0]!;
    expect(header.type === "header" && header.text.text).toMatch(/score \d+\/100 \(▲ \d+ since last run\)/);
  });

  it("when findings are new, then their groups come first and new findings lead each group", () => {
    const blocks = renderAuditResult(input()).blocks;
    const headings = sections(blocks)
      .map((s) => s.text?.text.split("\n")[0] ?? "")
      .filter((t) => t.startsWith("*") && t.includes("›"));
    // Both groups with a new critical finding lead (the larger first), then the rest by severity.
    expect(headings.map((h) => h.replace(/[*`]/g, ""))).toEqual([
      "payments › Deployment api",
      "cluster-wide › ClusterRoleBinding legacy-admin",
      "monitoring › DaemonSet node-agent",
      "payments › StatefulSet db",
    ]);
    // Inside payments/api: the new critical first, then the persisting high, then the medium.
    expect(findingLines(blocks).slice(0, 3).map((l) => l.match(/`([a-z-]+)`$/)?.[1])).toEqual([
      "privileged-container",
      "run-as-non-root",
      "memory-limits",
    ]);
    expect(findingLines(blocks)[0]).toContain("*NEW*");
    expect(findingLines(blocks)[1]).not.toContain("*NEW*");
  });

  it("when remediation is enabled, then exactly the fixable failing findings get a Remediate button carrying only run id and fingerprint", () => {
    const msg = renderAuditResult(input());
    const buttons = sections(msg.blocks).flatMap((s) => (s.accessory ? [s.accessory] : []));
    const fixable = sampleReport.findings.filter((f) => f.status === "fail" && f.fixable);
    expect(buttons.map((b) => b.value).sort()).toEqual(fixable.map((f) => `42:${f.fingerprint}`).sort());
    for (const b of buttons) {
      expect(b.action_id).toBe("remediate");
      expect(b.text.text).toBe("Remediate");
      expect(b.value).toMatch(/^42:[0-9a-f]{16}$/);
    }
  });

  it("when two fixable results share a fingerprint, then their blocks still get distinct ids", () => {
    const twice = finding({ checkId: "x", severity: "high", resource: { kind: "Pod", namespace: "a", name: "p", container: "c" }, message: "one", fixable: true });
    const report = reportOf([twice, { ...twice, message: "two" }]);
    const msg = renderAuditResult(input({ report, diff: null }));
    expectWithinLimits(msg);
    expect(sections(msg.blocks).filter((s) => s.accessory)).toHaveLength(2);
  });

  it("when the environment is audited from a snapshot, then there is no button and the card says why", async () => {
    const msg = renderAuditResult(input({ remediation: "snapshot-source" }));
    expect(allText(msg.blocks)).not.toContain('"remediate"');
    expect(allText(msg.blocks)).toContain("audited from a snapshot");
    await expectGolden("audit-result-snapshot-source", msg);
  });

  it("when remediation is disabled, then there is no button and the card says it is off", () => {
    const msg = renderAuditResult(input({ remediation: "disabled" }));
    expect(allText(msg.blocks)).not.toContain('"remediate"');
    expect(allText(msg.blocks)).toContain("Remediation is turned off for prod");
  });

  it("when checks could not be judged, then their count and ids are on the card", () => {
    const text = allText(renderAuditResult(input()).blocks);
    expect(text).toContain("2 checks could not be judged");
    expect(text).toContain("`etcd-encryption`");
    expect(text).toContain("1 finding waived");
  });

  it("when nothing fails, then the card says so and does not overflow", () => {
    const report = reportOf([finding({ checkId: "a", severity: "high", status: "pass", resource: { kind: "Pod", namespace: "x", name: "p" }, message: "ok" })]);
    const msg = renderAuditResult(input({ report, diff: { new: [], fixed: [], persisting: [] } }));
    expect(allText(msg.blocks)).toContain("No failing findings");
    expect(msg.overflow).toBe(false);
    expect(msg.text).toContain("nothing failing");
  });

  it("when findings do not fit, then the card stays within Slack's limits, counts what it left out and reports overflow", () => {
    const report = hugeReport(40, 12);
    const msg = renderAuditResult(input({ report, diff: null }));
    expectWithinLimits(msg);
    expect(msg.overflow).toBe(true);
    const shown = findingLines(msg.blocks).length;
    const total = report.findings.filter((f) => f.status === "fail").length;
    const note = allText(msg.blocks).match(/…and (\d+) more failing findings/);
    expect(note).not.toBeNull();
    expect(shown + Number(note![1])).toBe(total);
  });

  it("when one group alone is larger than a section, then its tail is counted inside the group", () => {
    const report = hugeReport(1, 40, 300);
    const msg = renderAuditResult(input({ report, diff: null, remediation: "disabled" }));
    expectWithinLimits(msg);
    expect(allText(msg.blocks)).toMatch(/…and \d+ more findings in this group/);
    expect(msg.overflow).toBe(true);
  });

  it("when resource text contains Slack control characters, then they are escaped", () => {
    const evil = finding({ checkId: "x", severity: "high", resource: { kind: "Pod", namespace: "<!channel>", name: "a&b" }, message: "<@U0ADMIN> hi" });
    const msg = renderAuditResult(input({ report: reportOf([evil]), diff: null }));
    const text = allText(msg.blocks);
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<@U0ADMIN>");
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("a&amp;b");
  });
});

describe("renderAuditThread", () => {
  it("when a run has findings of every kind, then the thread matches its golden file", async () => {
    const messages = renderAuditThread(sampleReport, sampleDiff);
    for (const m of messages) expectWithinLimits(m);
    await expectGolden("audit-thread", messages);
  });

  it("when the thread fits, then every failing finding's fingerprint is in it for /harden waive", () => {
    const text = JSON.stringify(renderAuditThread(sampleReport, sampleDiff));
    for (const f of sampleReport.findings.filter((x) => x.status === "fail")) expect(text).toContain(f.fingerprint);
  });

  it("when the report is huge, then the thread is capped, says what it left out, and the card reports overflow", () => {
    const report = hugeReport(120, 10, 500);
    const thread = buildAuditThread(report, null);
    expect(thread.truncated).toBe(true);
    expect(thread.messages.length).toBe(MAX_THREAD_MESSAGES);
    for (const m of thread.messages) expectWithinLimits(m);
    expect(JSON.stringify(thread.messages.at(-1))).toMatch(/…and \d+ more sections not shown/);
    expect(renderAuditResult(input({ report, diff: null })).overflow).toBe(true);
  });

  it("when nothing failed and nothing else needs detail, then there are no thread messages", () => {
    const report = reportOf([finding({ checkId: "a", severity: "high", status: "pass", resource: { kind: "Pod", name: "p" }, message: "ok" })]);
    expect(renderAuditThread(report, null)).toEqual([]);
  });
});
