import { describe, expect, it } from "vitest";
import { z } from "zod";
import { assertNoSecretFields, defineJob, looksLikeSecretValue, secretLikeFields } from "./define.js";

const base = {
  attempts: 3,
  backoff: { type: "exponential" as const, delayMs: 1000 },
  concurrency: 2,
  process: async () => undefined,
};

describe("job payloads carry ids, never secret values", () => {
  it.each(["password", "dbPassword", "DB_PASSWORD", "apiKey", "api_key", "clientSecret", "token", "botToken", "privateKey", "key", "credentials", "passphrase"])(
    "when a field is named %s, then it looks like a secret value",
    (field) => expect(looksLikeSecretValue(field)).toBe(true),
  );

  it.each(["secretName", "secret_ref", "tokenId", "keyRef", "apiKeyName", "environment", "namespace", "fingerprint", "approvalId", "image", "channel"])(
    "when a field is named %s, then it names something and passes",
    (field) => expect(looksLikeSecretValue(field)).toBe(false),
  );

  it("when secret-like fields hide in nested objects, arrays, unions and wrappers, then each is reported by path", () => {
    const schema = z.object({
      environment: z.string(),
      target: z.object({ namespace: z.string(), password: z.string() }).optional(),
      steps: z.array(z.object({ name: z.string(), token: z.string() })),
      source: z.union([z.object({ kubeconfig: z.string() }), z.object({ bearer: z.string() })]).nullable(),
      extra: z.object({ apiKey: z.string().default("") }).transform((x) => x),
    });
    expect(secretLikeFields(schema)).toEqual(["target.password", "steps.token", "source.bearer", "extra.apiKey"]);
    expect(() => assertNoSecretFields(schema)).toThrow(/target\.password, steps\.token, source\.bearer, extra\.apiKey/);
  });

  it("when the payloads of the planned job kinds name their targets, then the guard lets them through", () => {
    const payloads = {
      audit: z.object({ environment: z.string(), namespace: z.string().optional(), checkId: z.string().optional() }),
      scan: z.object({ environment: z.string(), image: z.string().optional() }),
      rotation: z.object({ environment: z.string(), namespace: z.string(), secretName: z.string(), approvalId: z.string() }),
      metrics: z.object({ environment: z.string(), pack: z.string().optional() }),
      digest: z.object({ environment: z.string(), scheduleId: z.string().optional() }),
      remediation: z.object({ approvalId: z.string() }),
    };
    for (const schema of Object.values(payloads)) expect(() => assertNoSecretFields(schema)).not.toThrow();
  });
});

describe("defineJob", () => {
  it("when a payload schema has a secret-like field, then defining the job fails and names the field", () => {
    expect(() =>
      defineJob({ kind: "rotation", payload: z.object({ secretName: z.string(), newPassword: z.string() }), ...base }),
    ).toThrow(/job "rotation" payload .*newPassword.*clear text/);
  });

  it("when the numbers make no sense, then defining the job fails with every problem", () => {
    expect(() =>
      defineJob({ kind: "Audit Job", payload: z.object({}), ...base, attempts: 0, concurrency: 1.5, coalesce: { key: () => "", ttlMs: 0 } }),
    ).toThrow('job "Audit Job": kind must be lower-case kebab; attempts must be a whole number of at least 1; concurrency must be a whole number of at least 1; coalesce.ttlMs must be positive');
  });

  it("when a definition is valid, then it keeps what was declared", () => {
    const coalesce = { key: (p: { environment: string }) => p.environment, ttlMs: 60_000 };
    const def = defineJob({ kind: "audit", payload: z.object({ environment: z.string() }), ...base, timeoutMs: 600_000, coalesce });
    expect(def).toMatchObject({ kind: "audit", attempts: 3, concurrency: 2, timeoutMs: 600_000, backoff: { type: "exponential", delayMs: 1000 } });
    expect(def.coalesce?.key({ environment: "prod" })).toBe("prod");
    expect(def.payload.safeParse({ environment: 1 }).success).toBe(false);
  });
});
