// `harden audit`: choose the target, run the audit use case, print in the chosen
// format, and turn `--fail-on` into the exit code.
import { auditEnvironment, type RunAuditResult } from "../app/run-audit.js";
import { ALL_CHECKS } from "../core/checks/registry.js";
import { SEVERITIES, type CheckDefinition, type Severity } from "../core/checks/types.js";
import { auditSettingsFor, configWaivers, type HardenConfig } from "../core/config/schema.js";
import { toJsonReport } from "../core/report/json.js";
import { toJunit } from "../core/report/junit.js";
import { toMarkdown } from "../core/report/markdown.js";
import { toSarif } from "../core/report/sarif.js";
import { toTable } from "../core/report/table.js";
import { closest } from "../core/text/closest.js";
import { EXIT, painter, UsageError } from "./cli-output.js";
import { loadConfigFile, readRuntimeEnv } from "./runtime-config.js";
import { describeTarget, loadSnapshot, targetOfEnvironment, type SnapshotTarget } from "./snapshot-sources.js";
import { openStore } from "./store.js";
import { VERSION } from "./version.js";

export const FORMATS = ["table", "json", "sarif", "junit", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface AuditCliOptions {
  file?: string;
  context?: string;
  env?: string;
  namespace?: string;
  check?: string[];
  format: string;
  failOn?: string;
  db: string | boolean;
  includePassed?: boolean;
  configz: boolean;
  config?: string;
}

export function selectChecks(ids: readonly string[] | undefined): readonly CheckDefinition[] {
  if (!ids || ids.length === 0) return ALL_CHECKS;
  const known = new Map(ALL_CHECKS.map((c) => [c.id, c]));
  return ids.map((id) => {
    const c = known.get(id);
    if (!c) {
      const hint = closest(id, [...known.keys()]);
      throw new UsageError(`unknown check "${id}"${hint ? `; did you mean "${hint}"?` : ""} (see \`harden checks\`)`);
    }
    return c;
  });
}

function resolveTarget(o: AuditCliOptions, config: HardenConfig | undefined, configPath: string): { environment: string; target: SnapshotTarget } {
  const given = [o.file, o.context, o.env].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError("give exactly one of --file PATH, --context CTX or --env NAME");
  if (o.file !== undefined) return { environment: "files", target: { type: "files", path: o.file } };
  if (o.context !== undefined) return { environment: `context:${o.context}`, target: { type: "live", context: o.context } };
  const name = o.env!;
  const env = config?.environments[name];
  if (!env) {
    const names = Object.keys(config?.environments ?? {});
    const hint = closest(name, names);
    throw new UsageError(
      config
        ? `unknown environment "${name}"${hint ? `; did you mean "${hint}"?` : ""} (configured: ${names.join(", ") || "none"})`
        : `--env needs a config file (${configPath} not found; set HARDEN_CONFIG or --config)`,
    );
  }
  return { environment: name, target: targetOfEnvironment(env, configPath) };
}

function render(format: Format, result: RunAuditResult, o: AuditCliOptions): string {
  const newFingerprints = result.diff ? new Set(result.diff.new.map((f) => f.fingerprint)) : undefined;
  const opts = { includePassed: o.includePassed ?? false, ...(newFingerprints ? { newFingerprints } : {}) };
  switch (format) {
    case "json":
      return JSON.stringify(toJsonReport(result.report, opts), null, 2) + "\n";
    case "sarif":
      return JSON.stringify(toSarif(result.report, ALL_CHECKS, VERSION), null, 2) + "\n";
    case "junit":
      return toJunit(result.report, opts);
    case "markdown":
      return toMarkdown(result.report, opts);
    case "table":
      return toTable(result.report, { ...opts, paint: painter(process.stdout), width: process.stdout.columns ?? 160 });
  }
}

function diffLines(result: RunAuditResult): string {
  if (!result.run) return "";
  if (!result.diff || !result.previous) return `recorded as run ${result.run.id}; first run of ${result.report.environment}, nothing to compare yet\n`;
  const d = result.diff;
  const lines = [
    `recorded as run ${result.run.id}; since run ${result.previous.id} (score ${result.previous.score ?? "n/a"} -> ${result.report.score ?? "n/a"}): ` +
      `${d.new.length} new, ${d.fixed.length} fixed, ${d.persisting.length} persisting`,
  ];
  for (const f of d.new.slice(0, 20)) lines.push(`  + ${f.severity.padEnd(8)} ${f.checkId} ${f.kind}/${f.namespace ? f.namespace + "/" : ""}${f.name}`);
  for (const f of d.fixed.slice(0, 20)) lines.push(`  - ${f.severity.padEnd(8)} ${f.checkId} ${f.kind}/${f.namespace ? f.namespace + "/" : ""}${f.name}`);
  if (d.new.length > 20 || d.fixed.length > 20) lines.push(`  (run \`harden diff --env ${result.report.environment}\` for the full list)`);
  return lines.join("\n") + "\n";
}

export async function auditCommand(o: AuditCliOptions): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (o.failOn !== undefined && !(SEVERITIES as readonly string[]).includes(o.failOn))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}`);
  const checks = selectChecks(o.check);
  const runtime = readRuntimeEnv({ ...(o.config ? { config: o.config } : {}), ...(typeof o.db === "string" ? { db: o.db } : {}) });
  const config = loadConfigFile(runtime);
  const { environment, target } = resolveTarget(o, config, runtime.configPath);
  const store = o.db === false ? undefined : await openStore(runtime.databaseUrl);
  try {
    const result = await auditEnvironment(
      {
        environment,
        loadSnapshot: () => loadSnapshot(target, { configz: o.configz }),
        checks,
        settings: auditSettingsFor(config, o.env),
        configWaivers: configWaivers(config, o.env),
        ...(o.namespace ? { namespace: o.namespace } : {}),
        requestedBy: `cli:${process.env["USER"] ?? "unknown"}`,
        ...(o.includePassed ? { includePassed: true } : {}),
      },
      { ...(store ? { history: store.history } : {}), clock: () => new Date() },
    );
    process.stdout.write(render(o.format as Format, result, o));
    if (o.format === "table") process.stdout.write(diffLines(result));
    else if (result.run) process.stderr.write(`harden: recorded as run ${result.run.id} (${describeTarget(target)})\n`);
    if (o.failOn) {
      const limit = SEVERITIES.indexOf(o.failOn as Severity);
      const hit = result.report.findings.some((f) => f.status === "fail" && SEVERITIES.indexOf(f.severity) <= limit);
      if (hit) return EXIT.threshold;
    }
    return EXIT.ok;
  } finally {
    await store?.close();
  }
}
