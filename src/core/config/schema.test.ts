import { describe, expect, it } from "vitest";
import { auditSettingsFor, ConfigError, configWaivers, parseConfig } from "./schema.js";

const good = `
environments:
  prod:
    kubernetes: { context: prod-admin }
    channel: C0123456789
    protected: true
    audit: { secretMaxAgeDays: 30 }
  lab:
    kubernetes: { snapshot: ./examples/cluster }
roles:
  viewers:   { users: [U01VIEWER], groups: [S01GROUP] }
  operators: { users: [U02OPS] }
  approvers: { users: [U03BOSS] }
waivers:
  - { check: privileged-container, namespace: monitoring, name: node-exporter, reason: needs host metrics, owner: sre, expires: 2027-01-31, environment: prod }
`;

describe("parseConfig", () => {
  it("when the file is valid, then defaults are filled in", () => {
    const cfg = parseConfig(good, "harden.yaml");
    expect(cfg.environments["prod"]).toMatchObject({ protected: true, allowSelfApproval: false });
    expect(cfg.roles.approvers.groups).toEqual([]);
    expect(auditSettingsFor(cfg, "prod").secretMaxAgeDays).toBe(30);
    expect(auditSettingsFor(cfg, "lab").secretMaxAgeDays).toBe(90);
    expect(configWaivers(cfg, "prod")[0]).toMatchObject({ checkId: "privileged-container", expiresAt: "2027-01-31T00:00:00.000Z" });
    expect(configWaivers(cfg, "lab")).toEqual([]);
  });

  it("when several keys are wrong, then every problem is reported at once by key path", () => {
    const bad = `
environments:
  Prod:
    kubernetes: { context: "" }
    channel: general
  ok:
    kubernetes: { inCluster: true }
    chanel: C123
roles:
  approvers: { users: [bob] }
waivers:
  - { check: x, reason: "", owner: sre, expires: someday }
schedules:
  - { id: d1, environment: nowhere, kind: digest, cron: "0 9 * * 1-5" }
`;
    let error: ConfigError | undefined;
    try {
      parseConfig(bad, "harden.yaml");
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join("\n");
    expect(text).toMatch(/environments\.Prod/);
    expect(text).toMatch(/environments\.ok/);
    expect(text).toMatch(/roles\.approvers\.users\[0\]: must be a Slack user id/);
    expect(text).toMatch(/waivers\[0\]\.reason/);
    expect(text).toMatch(/waivers\[0\]\.expires: must be a date/);
    expect(error!.problems.length).toBeGreaterThanOrEqual(5);
  });

  it("when the YAML itself is broken, then the line is named", () => {
    expect(() => parseConfig("environments:\n  prod: [\n", "h.yaml")).toThrow(/line \d+/);
  });
});
