import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The CLI as users run it: a child process, real files, exit codes.
const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/harden.js");

function harden(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...options.env }, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? "");
  });
}

const dir = mkdtempSync(join(tmpdir(), "harden-cli-"));
const privileged = `apiVersion: apps/v1
kind: Deployment
metadata: { name: debug, namespace: team-a }
spec:
  selector: { matchLabels: { app: debug } }
  template:
    metadata: { labels: { app: debug } }
    spec:
      containers:
        - name: shell
          image: registry.example.com/shell:1.0.0
          securityContext: { privileged: true }
`;
const badFile = join(dir, "broken.yaml");
writeFileSync(badFile, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [a, b\n");
const goodFile = join(dir, "deploy.yaml");
writeFileSync(goodFile, privileged);

describe("harden CLI", () => {
  it("when auditing a file as JSON, then the output follows the schemaVersion 1 contract", async () => {
    const r = await harden(["audit", "--file", goodFile, "--format", "json", "--no-db", "--check", "privileged-container"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, environment: "files", summary: { byStatus: { fail: 1 } } });
    expect(report.findings[0]).toMatchObject({
      checkId: "privileged-container",
      status: "fail",
      severity: "critical",
      resource: { apiVersion: "apps/v1", kind: "Deployment", namespace: "team-a", name: "debug", container: "shell" },
      references: { checkov: ["CKV_K8S_16"] },
    });
    expect(report.findings[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
    for (const key of ["startedAt", "finishedAt", "score", "findings"]) expect(report).toHaveProperty(key);
  });

  it("when --fail-on is met, then the exit code is 1; when not, 0", async () => {
    const hit = await harden(["audit", "--file", goodFile, "--no-db", "--check", "privileged-container", "--fail-on", "critical"]);
    expect(hit.code).toBe(1);
    expect(hit.stdout).toMatch(/privileged-container/);
    const calm = await harden(["audit", "--file", "-", "--no-db", "--check", "privileged-container", "--fail-on", "critical"], {
      input: privileged.replace("privileged: true", "privileged: false"),
    });
    expect(calm.code).toBe(0);
  });

  it("when a manifest is unreadable, then one line names file and line and the exit code is 2", async () => {
    const r = await harden(["audit", "--file", badFile, "--no-db"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/broken\.yaml:\d+: invalid YAML/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("when manifests come on stdin, then `--file -` audits them", async () => {
    const r = await harden(["audit", "--file", "-", "--format", "json", "--no-db", "--check", "privileged-container"], { input: privileged });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toHaveLength(1);
  });

  it("when the command is wrong, then usage help and exit 2", async () => {
    const r = await harden(["audti"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'audti'/);
    expect(r.stderr).toMatch(/audit/);
  });

  it("when a check id is mistyped, then the closest id is suggested and the exit code is 2", async () => {
    const r = await harden(["audit", "--file", goodFile, "--no-db", "--check", "privileged-containr"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean "privileged-container"/);
  });

  it("when no target is given, then the user is told which flags exist", async () => {
    const r = await harden(["audit", "--no-db"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--file PATH, --context CTX or --env NAME/);
  });

  it("when listing checks as JSON, then each has id, title, severity, category and references", async () => {
    const r = await harden(["checks", "--format", "json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    for (const c of list) for (const k of ["id", "title", "severity", "category", "references"]) expect(c).toHaveProperty(k);
  });

  it("when the output is SARIF or JUnit, then it is well-formed", async () => {
    const sarif = await harden(["audit", "--file", goodFile, "--no-db", "--format", "sarif"]);
    const doc = JSON.parse(sarif.stdout);
    expect(doc.version).toBe("2.1.0");
    expect(doc.runs[0].results.some((r: { ruleId: string }) => r.ruleId === "privileged-container")).toBe(true);
    const junit = await harden(["audit", "--file", goodFile, "--no-db", "--format", "junit", "--check", "privileged-container"]);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toMatch(/<failure type="critical"/);
  });
});
