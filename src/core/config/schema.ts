// The one configuration file, validated at start. Every problem is reported at once
// by key path, so a operator fixes the file in one go. Secrets never live here:
// tokens come from the environment, database passwords from Kubernetes Secrets.
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../checks/settings.js";
import type { Waiver } from "../audit/waivers.js";

const slackId = (what: string, prefix: RegExp) =>
  z.string().regex(prefix, `must be a Slack ${what} id`);

const roleMembers = z
  .strictObject({
    users: z.array(slackId("user", /^[UW][A-Z0-9]{2,}$/)).default([]),
    groups: z.array(slackId("user group", /^S[A-Z0-9]{2,}$/)).default([]),
  })
  .default({ users: [], groups: [] });

const kubernetesSource = z.union([
  z.strictObject({ context: z.string().min(1), kubeconfig: z.string().min(1).optional() }),
  z.strictObject({ inCluster: z.literal(true) }),
  z.strictObject({ snapshot: z.string().min(1) }),
]);

const auditSettings = z.strictObject({
  systemNamespaces: z.array(z.string()).optional(),
  allowedRegistries: z.array(z.string()).optional(),
  deprecatedRegistries: z.array(z.string()).optional(),
  secretMaxAgeDays: z.number().int().positive().optional(),
  minimumUid: z.number().int().nonnegative().optional(),
});

const environment = z.strictObject({
  kubernetes: kubernetesSource,
  channel: slackId("channel", /^[CG][A-Z0-9]{2,}$/).optional(),
  /** Every change needs a second person's approval. */
  protected: z.boolean().default(false),
  /** Outside protected environments, operators may approve their own requests when true. */
  allowSelfApproval: z.boolean().default(false),
  audit: auditSettings.optional(),
});

const waiver = z.strictObject({
  check: z.string().min(1),
  namespace: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  selector: z.string().optional(),
  container: z.string().optional(),
  environment: z.string().optional(),
  reason: z.string().min(3, "a waiver needs a reason"),
  owner: z.string().min(1, "a waiver needs an owner"),
  expires: z.union([z.string(), z.date()]).transform((v, ctx) => {
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "must be a date (YYYY-MM-DD)" });
      return z.NEVER;
    }
    return d.toISOString();
  }),
});

const schedule = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, "must be kebab-case"),
  environment: z.string(),
  kind: z.enum(["digest", "audit", "scan", "metrics"]),
  cron: z.string().min(9),
  timezone: z.string().default("UTC"),
});

export const configSchema = z
  .strictObject({
    environments: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "environment names are lower-case kebab"), environment),
    roles: z
      .strictObject({ viewers: roleMembers, operators: roleMembers, approvers: roleMembers })
      .default({ viewers: { users: [], groups: [] }, operators: { users: [], groups: [] }, approvers: { users: [], groups: [] } }),
    audit: auditSettings.default({}),
    waivers: z.array(waiver).default([]),
    schedules: z.array(schedule).default([]),
  })
  .superRefine((cfg, ctx) => {
    const envs = new Set(Object.keys(cfg.environments));
    cfg.waivers.forEach((w, i) => {
      if (w.environment && !envs.has(w.environment))
        ctx.addIssue({ code: "custom", path: ["waivers", i, "environment"], message: `unknown environment "${w.environment}"` });
    });
    cfg.schedules.forEach((s, i) => {
      if (!envs.has(s.environment))
        ctx.addIssue({ code: "custom", path: ["schedules", i, "environment"], message: `unknown environment "${s.environment}"` });
    });
  });

export type HardenConfig = z.infer<typeof configSchema>;
export type EnvironmentConfig = HardenConfig["environments"][string];

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[") || "(root)";
}

export function parseConfig(text: string, file: string): HardenConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `line ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`),
    );
  }
  return result.data;
}

export function auditSettingsFor(config: HardenConfig | undefined, envName?: string): AuditSettings {
  const env = envName ? config?.environments[envName] : undefined;
  return { ...DEFAULT_AUDIT_SETTINGS, ...(config?.audit ?? {}), ...(env?.audit ?? {}) } as AuditSettings;
}

export function configWaivers(config: HardenConfig | undefined, envName?: string): Waiver[] {
  return (config?.waivers ?? [])
    .filter((w) => !w.environment || w.environment === envName)
    .map((w, i) => ({
      id: `config-${i + 1}`,
      checkId: w.check,
      ...(w.namespace ? { namespace: w.namespace } : {}),
      ...(w.kind ? { kind: w.kind } : {}),
      ...(w.name ? { name: w.name } : {}),
      ...(w.selector ? { selector: w.selector } : {}),
      ...(w.container ? { container: w.container } : {}),
      reason: w.reason,
      owner: w.owner,
      expiresAt: w.expires,
      source: "config" as const,
    }));
}
