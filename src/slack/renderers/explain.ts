// `/harden explain <check-id>`: the check's own prose (catalog data), how to fix it,
// and the same criterion's ids in other tools for people who know those catalogs.
import type { CheckDefinition, References } from "../../core/checks/types.js";
import { context, fields, header, section, type Block, type RenderedMessage } from "./blocks.js";
import { SEVERITY_EMOJI, code, proseToMrkdwn } from "./format.js";
import { LIMITS, clampLines, escapeMrkdwn, finishMessage } from "./limits.js";

const TOOL_NAMES: Record<keyof References, string> = {
  cis: "CIS Benchmark",
  kubescape: "Kubescape",
  polaris: "Polaris",
  kubeScore: "kube-score",
  checkov: "Checkov",
  trivy: "Trivy",
};

export function renderExplain(check: CheckDefinition): RenderedMessage {
  const blocks: Block[] = [
    header(check.title),
    context(`${code(check.id)} · ${SEVERITY_EMOJI[check.severity]} ${check.severity} · ${escapeMrkdwn(check.category)}`),
    section(clampLines(proseToMrkdwn(check.description), LIMITS.sectionText)),
    section(clampLines(`*How to fix*\n${proseToMrkdwn(check.remediation)}`, LIMITS.sectionText)),
  ];
  const refs = (Object.keys(TOOL_NAMES) as (keyof References)[])
    .filter((k) => (check.references[k] ?? []).length > 0)
    .map((k) => `*${TOOL_NAMES[k]}*\n${check.references[k]!.map((id) => escapeMrkdwn(id)).join(", ")}`);
  if (refs.length > 0) blocks.push(fields(refs));
  const fix = check.fix
    ? ":wrench: A safe automatic fix exists: failing findings get a *Remediate* button, applied only once an approver says yes."
    : "No automatic fix: the change needs a person.";
  blocks.push(context(`${fix} Reads: ${check.kinds.length ? check.kinds.map(escapeMrkdwn).join(", ") : check.needs.join(", ")}.`));
  return finishMessage(`${escapeMrkdwn(check.id)}: ${escapeMrkdwn(check.title)}`, blocks);
}
