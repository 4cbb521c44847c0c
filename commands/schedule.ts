// `/harden schedule list | add | remove`: recurring digests and audits per
// environment. Each schedule has a stable id, so adding it again replaces it and
// the queue's job scheduler never holds two. Schedules from the config file are
// listed but changed only there.
import type { Schedule } from "../src/ports/schedules.js";
import { context, section } from "../src/slack/renderers/blocks.js";
import { code, who } from "../src/slack/renderers/format.js";
import { boundedList, escapeMrkdwn, finishMessage } from "../src/slack/renderers/limits.js";
import { parseEnvironment } from "./args.js";
import { defineCommand, fail, ok, type CommandDeps } from "./define.js";
import { notAvailable, notice, resultChannel, whereText } from "./reply.js";

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KINDS = ["digest", "audit"] as const;
type ScheduledKind = (typeof KINDS)[number];
// Minute, hour, day of month, month, day of week: numbers, ranges, steps, lists, names.
const CRON_FIELD = /^[0-9A-Za-z*?,/\-LW#]+$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

async function existing(deps: CommandDeps, id: string): Promise<Pick<Schedule, "id" | "source"> | undefined> {
  if (deps.config.schedules.some((s) => s.id === id)) return { id, source: "config" };
  return (await deps.schedules.list()).find((s) => s.id === id);
}

const fromConfig = (id: string) =>
  notice(":information_source:", `Schedule "${id}" comes from the harden config file; change it there.`);

export const scheduleListCommand = defineCommand<null>({
  verb: "schedule list",
  usage: "schedule list",
  description: "Recurring digests and audits, with their cron and time zone.",
  role: "viewer",
  parse(args) {
    return args.length === 0 ? ok(null) : fail("schedule list takes no arguments");
  },
  async execute(_v, _ctx, deps) {
    const stored = await deps.schedules.list();
    const ids = new Set(stored.map((s) => s.id));
    const all = [
      ...stored,
      ...deps.config.schedules.filter((s) => !ids.has(s.id)).map((s) => ({ ...s, source: "config" as const, createdBy: "config" })),
    ].sort((a, b) => a.id.localeCompare(b.id));
    if (all.length === 0) {
      return { reply: notice(":calendar:", "No schedules yet. Add one with /harden schedule add <id> <env> <digest|audit> \"<cron>\" [tz].") };
    }
    const lines = all.map(
      (s) =>
        `${code(s.id)} · ${s.kind} of *${escapeMrkdwn(s.environment)}* · ${code(s.cron)} ${escapeMrkdwn(s.timezone)} · ${s.source === "config" ? "from the config file" : `added by ${who(s.createdBy)}`}`,
    );
    return {
      reply: finishMessage(`${all.length} schedules`, [
        section(`:calendar: *Schedules* (${all.length})\n${boundedList(lines, { maxChars: 2_800, noun: "schedules" })}`),
        context("Schedules from the config file change only there."),
      ]),
    };
  },
});

export interface ScheduleAddArgs {
  id: string;
  environment: string;
  kind: ScheduledKind;
  cron: string;
  timezone: string;
}

export const scheduleAddCommand = defineCommand<ScheduleAddArgs>({
  verb: "schedule add",
  usage: 'schedule add <id> <env> <digest|audit> "<cron>" [tz]',
  description: 'Add or replace a recurring digest or audit, e.g. schedule add prod-morning prod digest "0 8 * * 1-5" Europe/Paris.',
  role: "operator",
  parse(args, ctx) {
    const [id, , kind, cron, timezone = "UTC", ...rest] = args;
    if (id === undefined || !ID.test(id) || id.length > 60) return fail("the schedule id is lower-case kebab, e.g. prod-morning-digest");
    const env = parseEnvironment("schedule add", args, 1, ctx);
    if (!env.ok) return env;
    if (kind !== "digest" && kind !== "audit") return fail("the kind is digest or audit");
    if (cron === undefined) return fail('give the cron in quotes, e.g. "0 8 * * 1-5"');
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) return fail(`"${cron}" is not a five-field cron (minute hour day month weekday); quote it`);
    if (!isTimeZone(timezone)) return fail(`"${timezone}" is not a time zone (use an IANA name like Europe/Paris)`);
    if (rest.length > 0) return fail("too many arguments: quote the cron expression");
    return ok({ id, environment: env.value, kind, cron: fields.join(" "), timezone });
  },
  async execute(a, ctx, deps) {
    if ((await existing(deps, a.id))?.source === "config") return { reply: fromConfig(a.id), trail: { outcome: "failed", environment: a.environment, target: a.id, details: { reason: "config schedule" } } };
    if (!deps.jobKinds.has(a.kind)) return notAvailable(a.kind === "digest" ? "Scheduled digests" : "Scheduled audits", a.environment);
    const channel = resultChannel(deps.config, a.environment, ctx.channelId);
    // The queue first: when Redis is away nothing is stored, and the user just tries again.
    await deps.scheduler.upsert({
      id: a.id,
      kind: a.kind,
      cron: a.cron,
      timezone: a.timezone,
      // The digest job posts once per firing of a schedule, keyed by its id.
      payload: { environment: a.environment, ...(a.kind === "digest" ? { scheduleId: a.id } : {}), channel, requestedBy: `schedule:${a.id}` },
    });
    await deps.schedules.upsert({ ...a, source: "slack", createdBy: ctx.userId, createdAt: ctx.now.toISOString() });
    const line = `Scheduled ${code(a.id)}: ${a.kind} of *${escapeMrkdwn(a.environment)}* at ${code(a.cron)} (${escapeMrkdwn(a.timezone)}), posted ${whereText(channel, ctx.channelId)}.`;
    return {
      reply: finishMessage(line, [section(`:calendar: ${line}`)]),
      trail: { outcome: "ok", environment: a.environment, target: a.id, details: { kind: a.kind, cron: a.cron, timezone: a.timezone, channel } },
    };
  },
});

export const scheduleRemoveCommand = defineCommand<string>({
  verb: "schedule remove",
  usage: "schedule remove <id>",
  description: "Stop a recurring digest or audit added from Slack.",
  role: "operator",
  parse(args) {
    const [id] = args;
    if (args.length !== 1 || id === undefined || !ID.test(id)) return fail("give the id of the schedule to remove (see schedule list)");
    return ok(id);
  },
  async execute(id, _ctx, deps) {
    const found = await existing(deps, id);
    if (!found) return { reply: notice(":grey_question:", `No schedule "${id}"; nothing was removed.`), trail: { outcome: "failed", target: id, details: { reason: "not found" } } };
    if (found.source === "config") return { reply: fromConfig(id), trail: { outcome: "failed", target: id, details: { reason: "config schedule" } } };
    await deps.scheduler.remove(id);
    await deps.schedules.remove(id);
    return { reply: notice(":wastebasket:", `Removed schedule ${id}.`), trail: { outcome: "ok", target: id } };
  },
});
