import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHECKS_DIR } from "../fixtures.js";
import { auditWith, deployment, verdicts } from "../pod-security/testing.js";
import type { AuditSettings } from "../settings.js";
import { imageRegistryNotAllowed } from "./image-registry-not-allowed.js";

const read = (file: string) => readFileSync(join(CHECKS_DIR, "images", file), "utf8");
// The settings the fixtures beside the check are written for.
const fixtureSettings = parse(read("image-registry-not-allowed.settings.yaml")) as Partial<AuditSettings>;

describe("image-registry-not-allowed", () => {
  it("when no allow-list is configured, then the check reports nothing", () => {
    expect(auditWith(imageRegistryNotAllowed, read("image-registry-not-allowed.fail.yaml"))).toEqual([]);
  });

  it("when the pass fixture is audited with its settings, then every container passes", () => {
    const statuses = auditWith(imageRegistryNotAllowed, read("image-registry-not-allowed.pass.yaml"), fixtureSettings).map((f) => f.status);
    expect(statuses).toEqual(["pass", "pass"]);
  });

  it("when the fail fixture is audited with its settings, then Docker Hub and the look-alike organisation fail", () => {
    const findings = auditWith(imageRegistryNotAllowed, read("image-registry-not-allowed.fail.yaml"), fixtureSettings);
    expect(verdicts(findings)).toEqual(["pass Deployment/api/api", "fail Deployment/api/cache", "fail Deployment/api/agent"]);
    expect(findings[1]!.message).toContain("docker.io/library/redis");
  });

  it("when the allow-list names Docker Hub's library, then official images pass", () => {
    const yaml = deployment("c", "containers:\n  - { name: c, image: redis:7.4.1 }");
    expect(verdicts(auditWith(imageRegistryNotAllowed, yaml, { allowedRegistries: ["docker.io/library"] }))).toEqual(["pass Deployment/c/c"]);
  });
});
