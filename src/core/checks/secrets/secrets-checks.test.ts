import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import { DEFAULT_AUDIT_SETTINGS } from "../settings.js";
import type { CheckDefinition } from "../types.js";
import { saTokenAutomount } from "./sa-token-automount.js";
import { secretRotationAge } from "./secret-rotation-age.js";

const NOW = new Date("2026-06-01T00:00:00Z");
const audit = (check: CheckDefinition, yaml: string, secretMaxAgeDays = 90) =>
  runAudit(snapshotFromManifests([parseManifestText(yaml, "t.yaml")], { description: "t", capturedAt: "2026-01-01T00:00:00Z" }), {
    environment: "t",
    checks: [check],
    includePassed: true,
    clock: () => NOW,
    settings: { ...DEFAULT_AUDIT_SETTINGS, secretMaxAgeDays },
  }).findings.map((f) => `${f.status} ${f.resource.name}: ${f.message}`);

const secret = (name: string, meta: string, type = "Opaque") => `
apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: shop
${meta}
type: ${type}
`;

describe("secret rotation age", () => {
  it("when the newest managedFields write is recent, then an old Secret passes", () => {
    const yaml = secret("k", `  creationTimestamp: "2024-01-01T00:00:00Z"\n  managedFields:\n    - { manager: eso, operation: Update, time: "2026-05-20T00:00:00Z" }`);
    expect(audit(secretRotationAge, yaml)[0]).toMatch(/^pass k: last written 12 days ago/);
  });

  it("when the age limit is lowered in settings, then the same Secret fails", () => {
    const yaml = secret("k", `  creationTimestamp: "2026-05-20T00:00:00Z"`);
    expect(audit(secretRotationAge, yaml, 7)[0]).toMatch(/^fail k: last written 12 days ago .* limit is 7 days/);
  });

  it("when a Secret is a ServiceAccount token or a Helm release, then it is not judged by age", () => {
    const yaml = [
      secret("sa", `  creationTimestamp: "2020-01-01T00:00:00Z"`, "kubernetes.io/service-account-token"),
      secret("release", `  creationTimestamp: "2020-01-01T00:00:00Z"`, "helm.sh/release.v1"),
    ].join("---\n");
    expect(audit(secretRotationAge, yaml)).toEqual([]);
  });

  it("when a manifest has no timestamps, then the age is not applicable rather than a pass", () => {
    expect(audit(secretRotationAge, secret("k", ""))[0]).toMatch(/^not_applicable k/);
  });
});

describe("service account token automount", () => {
  const workload = (podSetting: string) => `
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: shop }
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop }
spec:
  serviceAccountName: api
  ${podSetting}
  containers: [{ name: api, image: registry.example.com/api:1.0.0 }]
`;

  it("when only the ServiceAccount opts out, then the pod passes", () => {
    expect(audit(saTokenAutomount, workload(""))[0]).toMatch(/^pass api/);
  });

  it("when the pod sets true over a ServiceAccount that opts out, then the pod wins and fails", () => {
    expect(audit(saTokenAutomount, workload("automountServiceAccountToken: true"))[0]).toMatch(/^fail api: .*overriding ServiceAccount api/);
  });

  it("when the workload runs in a system namespace, then it is skipped", () => {
    expect(audit(saTokenAutomount, workload("").replaceAll("namespace: shop", "namespace: kube-system"))).toEqual([]);
  });
});
