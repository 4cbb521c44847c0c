import { describe, expect, it } from "vitest";
import { runAudit } from "../../audit/engine.js";
import { snapshotFromManifests } from "../../snapshot/build.js";
import { parseManifestText } from "../../snapshot/parse.js";
import { credentialAssignments, sensitivePair } from "./credential-patterns.js";
import { sensitiveConfigmapData } from "./sensitive-configmap-data.js";
import { sensitiveEnvLiteral } from "./sensitive-env-literal.js";

describe("credential detection", () => {
  it("when a name says password and the value is literal, then it is flagged", () => {
    expect(sensitivePair("DB_PASSWORD", "hunter2")).toBeDefined();
    expect(sensitivePair("pwd", "Hpwd")).toBeDefined();
    expect(sensitivePair("AWS_SECRET_ACCESS_KEY", "xxx")).toBeDefined();
  });

  it("when the name points at the credential rather than holding it, then it is not flagged", () => {
    expect(sensitivePair("DB_PASSWORD_FILE", "/run/secrets/db")).toBeUndefined();
    expect(sensitivePair("TOKEN_URL", "https://auth.example.com/token")).toBeUndefined();
    expect(sensitivePair("SECRET_NAME", "orders-db")).toBeUndefined();
    expect(sensitivePair("API_TOKEN", "$(TOKEN_FROM_SECRET)")).toBeUndefined();
    expect(sensitivePair("ENABLE_TOKEN_AUTH", "true")).toBeUndefined();
  });

  it("when a value is recognisably a credential, then it is flagged whatever its name", () => {
    expect(sensitivePair("ssh_access", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----")).toBe("holds a private key");
    expect(sensitivePair("UPSTREAM", "https://svc:p4ss@db.internal/x")).toBe("holds a URL with an embedded password");
    expect(sensitivePair("AWS_KEY_ID_FOR_BACKUPS", "AKIAIOSFODNN7EXAMPLE")).toBe("holds an AWS access key id");
    expect(sensitivePair("greeting", "hello")).toBeUndefined();
  });

  it("when a config file assigns a literal password, then the line is reported, and an expansion is not", () => {
    expect(credentialAssignments("[db]\nhost = x\npassword = s3cret\nsecret_file = /etc/x\napi_key: ${API_KEY}\n")).toEqual([3]);
  });

  it("when a credential is found in an env var or a ConfigMap, then the message names the key and never the value", () => {
    const value = "Zq8-very-specific-value-91";
    const snapshot = snapshotFromManifests(
      [
        parseManifestText(
          `
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop }
spec:
  containers:
    - name: api
      image: registry.example.com/api:1.0.0
      env: [{ name: STRIPE_API_KEY, value: "${value}" }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: api, namespace: shop }
data:
  stripe_api_key: "${value}"
  app.ini: |
    api_key = ${value}
`,
          "t.yaml",
        ),
      ],
      { description: "t", capturedAt: "2026-01-01T00:00:00Z" },
    );
    const findings = runAudit(snapshot, { environment: "t", checks: [sensitiveEnvLiteral, sensitiveConfigmapData] }).findings;
    expect(findings.map((f) => f.status)).toEqual(["fail", "fail"]);
    expect(findings[0]!.message).toContain("STRIPE_API_KEY");
    expect(findings[1]!.message).toContain("stripe_api_key");
    expect(findings[1]!.message).toContain("app.ini");
    expect(JSON.stringify(findings)).not.toContain(value);
  });
});
