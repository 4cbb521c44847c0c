import { describe, expect, it } from "vitest";
import type { Finding } from "../../core/audit/engine.js";
import { defineCheck } from "../../core/checks/types.js";
import type { Block } from "./blocks.js";
import { renderAppHome } from "./app-home.js";
import { renderApprovalDecided, renderApprovalRequest } from "./approval.js";
import { renderAuditResult } from "./audit-result.js";
import { renderAuditThread } from "./audit-thread.js";
import { renderDenied, renderHelp, renderUsageError } from "./command-replies.js";
import { renderDigest } from "./digest.js";
import { renderExplain } from "./explain.js";
import { renderDiff, renderHistory } from "./history.js";
import { renderJobFailed, renderJobProgress, renderJobQueued, renderJobRunning } from "./job.js";
import { limitViolations, type Surface } from "./limits.js";
import { finding, reportOf, sampleCheck } from "../../../test/support/render-samples.js";

// Every renderer, fed text that tries to ping everyone and is far too long: the
// output must stay within Slack's limits and never carry the raw control sequence.
const PING = "<!channel>";
const MENTION = "<@U0EVE>";
const evil = (n = 6_000) => `${PING} ${MENTION} & ` + "lorem ipsum ".repeat(Math.ceil(n / 12));

const evilFindings: Finding[] = Array.from({ length: 60 }, (_, i) =>
  finding({
    checkId: `c-${i}`,
    title: evil(300),
    severity: "high",
    resource: { kind: evil(50), namespace: evil(50), name: `${PING}-${i}`, container: MENTION },
    message: evil(2_000),
    fixable: true,
    status: i % 5 === 0 ? "unknown" : "fail",
  }),
);
const report = reportOf(evilFindings, { environment: evil(40), scoreExplanation: evil(5_000), notes: [evil(3_000)] });
const diff = { new: evilFindings.slice(0, 20), fixed: evilFindings.slice(20, 40), persisting: evilFindings.slice(40) };
const when = "2026-03-02T09:30:00Z";
const approval = {
  id: "apr_00000000000000000001",
  kind: "remediation" as const,
  environment: evil(40),
  requestedBy: evil(40),
  requestedAt: when,
  expiresAt: when,
  summary: evil(),
  resource: { kind: evil(30), namespace: evil(30), name: evil(30) },
  diff: `${evil()}\n`.repeat(50),
};
const job = { kind: "audit" as const, environment: evil(100), requestedBy: evil(40), startedAt: when, target: evil(500) };

const outputs: [string, { text?: string; blocks: Block[] }, Surface][] = [
  ["renderJobQueued", renderJobQueued({ ...job, channel: evil(20) }), "message"],
  ["renderJobRunning", renderJobRunning(job), "message"],
  ["renderJobProgress", renderJobProgress(job, { done: 1, total: 2, step: evil() }), "message"],
  ["renderJobFailed", renderJobFailed({ ...job, error: evil(), retrying: false }), "message"],
  ["renderAuditResult", renderAuditResult({ environment: evil(100), runId: 1, report, diff, previousScore: 10, remediation: "enabled" }), "message"],
  ...renderAuditThread(report, diff).map((m, i): [string, typeof m, Surface] => [`renderAuditThread[${i}]`, m, "message"]),
  ["renderApprovalRequest", renderApprovalRequest(approval), "message"],
  ["renderApprovalDecided", renderApprovalDecided({ ...approval, status: "failed", decidedBy: evil(30), decidedAt: when, outcome: evil() }), "message"],
  ["renderHelp", renderHelp(Array.from({ length: 80 }, () => ({ usage: evil(100), description: evil(400) }))), "message"],
  ["renderUsageError", renderUsageError({ message: evil(), suggestion: evil(), usage: evil() }), "message"],
  ["renderDenied", renderDenied({ action: evil(), requiredRole: "operator" }), "message"],
  ["renderExplain", renderExplain(defineCheck({ ...sampleCheck, title: evil(300), description: evil(), remediation: evil(), references: { cis: [evil(100)] } })), "message"],
  ["renderHistory", renderHistory(evil(40), Array.from({ length: 100 }, (_, i) => ({ id: i, startedAt: when, score: i, summary: evil(300) }))), "message"],
  ["renderDiff", renderDiff(evil(40), { id: 1, startedAt: when, score: 1 }, { id: 2, startedAt: when, score: 2 }, diff), "message"],
  [
    "renderDigest",
    renderDigest({
      environment: evil(40),
      period: { from: when, to: when },
      score: 1,
      trend: [2, 1],
      newFindings: evilFindings,
      fixedFindings: evilFindings,
      topRisks: evilFindings,
      pendingApprovals: Array.from({ length: 30 }, () => ({ id: evil(30), kind: "waiver" as const, summary: evil(), requestedBy: evil(20), expiresAt: when })),
      expiringWaivers: Array.from({ length: 30 }, () => ({ checkId: evil(30), scope: evil(), owner: evil(40), expiresAt: when })),
      rotationsDue: Array.from({ length: 30 }, () => ({ secret: evil(80), dueAt: when, overdue: true })),
      vulnerabilities: { bySeverity: { critical: 1, high: 2, medium: 3, low: 4, unknown: 5 }, imagesScanned: 6, newSincePrevious: 7 },
      metricBreaches: Array.from({ length: 30 }, () => ({ rule: evil(100), severity: "critical" as const, value: evil(30), threshold: evil(30), since: when })),
    }),
    "message",
  ],
  ["renderAppHome", renderAppHome({ environments: Array.from({ length: 70 }, () => ({ name: evil(60), score: 1, lastRunAt: when, openApprovals: 1 })) }), "home"],
];

/** Texts Slack parses for mentions: mrkdwn objects and the fallback text (plain_text is shown as typed). */
function parsedTexts(msg: { text?: string; blocks: Block[] }): string[] {
  const out: string[] = msg.text !== undefined ? [msg.text] : [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o["type"] === "mrkdwn" && typeof o["text"] === "string") out.push(o["text"]);
      Object.values(o).forEach(walk);
    }
  };
  walk(msg.blocks);
  return out;
}

describe("every renderer under hostile input", () => {
  for (const [name, msg, surface] of outputs) {
    it(`when ${name} gets over-long text with Slack control sequences, then it stays within limits and escapes them`, () => {
      expect(limitViolations(msg, surface)).toEqual([]);
      const texts = parsedTexts(msg);
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) {
        expect(t).not.toContain(PING);
        expect(t).not.toContain(MENTION);
      }
    });
  }

  it("when the output is checked for escaping, then the check itself sees mrkdwn and fallback text", () => {
    expect(parsedTexts({ text: "a", blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: "b" }] }] })).toEqual(["a", "b"]);
  });
});
