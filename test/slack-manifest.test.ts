import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { describe, expect, it } from "vitest";
import { isScalar, isSeq, parse, parseDocument } from "yaml";

// The committed manifest must be one Slack accepts. Slack publishes its manifest JSON
// Schema (slackapi/manifest-schema); a read-only copy sits next to the project in
// shared/slack and is read from there, never copied in.
const ROOT = join(import.meta.dirname, "..");
const MANIFEST = join(ROOT, "slack-app-manifest.yaml");
const SCHEMA_CANDIDATES = [join(ROOT, "../shared/slack/manifest.schema.1.0.0.json"), "/work/shared/slack/manifest.schema.1.0.0.json"];
const schemaPath = SCHEMA_CANDIDATES.find((p) => existsSync(p));

/**
 * The schema is draft-07 (Ajv's default dialect) but uses three keywords Ajv does not
 * know: `_note` and `requires` are annotations, and `regex` is Slack's spelling of
 * `pattern` (used for background_color), so it is enforced rather than ignored.
 * `format: "uri"` needs a definition too, since Ajv ships without formats.
 */
function manifestValidator(schema: object) {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  ajv.addKeyword({ keyword: "_note", schemaType: "string" });
  ajv.addKeyword({ keyword: "requires", schemaType: "string" });
  ajv.addKeyword({
    keyword: "regex",
    type: "string",
    schemaType: "string",
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  return ajv.compile(schema);
}

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);

type Manifest = {
  display_information: { name: string; background_color?: string };
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; usage_hint?: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    socket_mode_enabled: boolean;
    org_deploy_enabled: boolean;
    interactivity: { is_enabled: boolean; request_url?: string };
    event_subscriptions: { bot_events: string[]; request_url?: string };
  };
};

const manifest = parse(readFileSync(MANIFEST, "utf8")) as Manifest;

describe.skipIf(!schemaPath)(
  schemaPath ? "slack-app-manifest.yaml against Slack's manifest schema 1.0.0" : `slack-app-manifest.yaml (skipped: Slack's manifest schema not found at ${SCHEMA_CANDIDATES.join(" or ")})`,
  () => {
    const validate = manifestValidator(JSON.parse(readFileSync(schemaPath ?? "", "utf8")) as object);

    it("when the committed manifest is validated, then Slack's schema accepts it", () => {
      const ok = validate(manifest);
      expect(describeErrors(validate.errors)).toEqual([]);
      expect(ok).toBe(true);
    });

    it("when a manifest breaks the schema, then the validator rejects it", () => {
      const broken = (mutate: (m: Manifest & Record<string, unknown>) => void) => {
        const copy = structuredClone(manifest) as Manifest & Record<string, unknown>;
        mutate(copy);
        return validate(copy);
      };
      expect(broken((m) => (m.features.slash_commands[0]!.command = "harden"))).toBe(false);
      expect(broken((m) => (m.display_information.name = "x".repeat(36)))).toBe(false);
      expect(broken((m) => (m.display_information.background_color = "#12345z"))).toBe(false);
      expect(broken((m) => m.oauth_config.scopes.bot.push("s".repeat(51)))).toBe(false);
      expect(broken((m) => (m["unknown_section"] = true))).toBe(false);
    });
  },
);

describe("slack-app-manifest.yaml choices", () => {
  it("when the app runs in Socket Mode, then interactivity is on and no request URL is configured", () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it("when the slash command is declared, then it is /harden with a usage hint", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(["/harden"]);
    expect(manifest.features.slash_commands[0]!.usage_hint).toContain("audit <env>");
  });

  it("when scopes are requested, then they are the minimal set and each says why", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(["chat:write", "commands", "files:write", "usergroups:read"]);
    const doc = parseDocument(readFileSync(MANIFEST, "utf8"));
    const scopes = doc.getIn(["oauth_config", "scopes", "bot"], true);
    expect(isSeq(scopes)).toBe(true);
    const items = isSeq(scopes) ? scopes.items : [];
    for (const item of items) {
      const comment = isScalar(item) ? (item.comment ?? "").trim() : "";
      expect(comment, `scope ${String(isScalar(item) ? item.value : item)} needs a comment saying why`).not.toBe("");
    }
  });

  it("when group events are subscribed, then the scope that delivers them is requested", () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    if (events.some((e) => e.startsWith("subteam_"))) expect(manifest.oauth_config.scopes.bot).toContain("usergroups:read");
    expect(events).toContain("app_home_opened");
  });
});
