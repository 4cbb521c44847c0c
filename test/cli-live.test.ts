import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifestText } from "../src/core/snapshot/parse.js";
import type { KubeObject } from "../src/core/snapshot/types.js";
import { startFakeKubeApi, writeFakeKubeconfig, type FakeKubeApi } from "./fakes/kube-api-server.js";

// `harden audit --context` and `harden snapshot` as users run them, against a
// local server that speaks the Kubernetes API through an ordinary kubeconfig.
const ROOT = join(import.meta.dirname, "..");

function harden(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [join(ROOT, "bin/harden.js"), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function exampleObjects(): KubeObject[] {
  const dir = join(ROOT, "examples/cluster");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => parseManifestText(readFileSync(join(dir, f), "utf8"), f).objects);
}

let api: FakeKubeApi;
beforeAll(async () => {
  api = await startFakeKubeApi({
    objects: exampleObjects().map((o) => (o.kind === "Secret" ? { ...o, data: { password: Buffer.from("s3cr3t-live-value").toString("base64") } } : o)),
    forbiddenKinds: ["ClusterRole"],
    version: { gitVersion: "v1.31.2", major: "1", minor: "31" },
  });
});
afterAll(() => api?.close());

describe("harden CLI against a live API server", () => {
  it("when a kind is forbidden, then its checks are unknown, the rest is judged, and no Secret value is printed", async () => {
    const r = await harden(["audit", "--context", api.context, "--format", "json", "--no-db"], { KUBECONFIG: api.kubeconfigPath });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.source).toMatchObject({ type: "live", description: `context ${api.context}` });
    const rbac = report.findings.filter((f: { checkId: string }) => f.checkId === "rbac-wildcard");
    expect(rbac.map((f: { status: string }) => f.status)).toEqual(["unknown"]);
    expect(report.summary.byStatus.fail).toBeGreaterThan(50);
    expect(r.stdout).not.toContain("s3cr3t-live-value");
    expect(r.stdout).not.toContain(Buffer.from("s3cr3t-live-value").toString("base64"));
    // Lists were paginated the way the API server expects.
    expect(api.requests.some((q) => q.query["limit"] === "500")).toBe(true);
  });

  it("when capturing a snapshot, then the bundle audits offline to the same findings", async () => {
    const snap = await harden(["snapshot", "--context", api.context], { KUBECONFIG: api.kubeconfigPath });
    expect(snap.code).toBe(0);
    expect(snap.stdout).not.toContain(Buffer.from("s3cr3t-live-value").toString("base64"));
    const bundle = JSON.parse(snap.stdout);
    expect(bundle.kind).toBe("HardenSnapshot");
    const file = join(mkdtempSync(join(tmpdir(), "harden-snap-")), "snap.json");
    writeFileSync(file, snap.stdout);
    const [live, offline] = await Promise.all([
      harden(["audit", "--context", api.context, "--format", "json", "--no-db"], { KUBECONFIG: api.kubeconfigPath }),
      harden(["audit", "--file", file, "--format", "json", "--no-db"], {}),
    ]);
    const key = (out: string) =>
      (JSON.parse(out).findings as { fingerprint: string; status: string }[]).map((f) => `${f.fingerprint} ${f.status}`).sort();
    expect(key(offline.stdout)).toEqual(key(live.stdout));
  });

  it("when the cluster cannot be reached, then one line names it and the exit code is 2", async () => {
    const { path } = writeFakeKubeconfig({ server: "https://127.0.0.1:1", context: "gone" });
    const r = await harden(["audit", "--context", "gone", "--no-db"], { KUBECONFIG: path });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^harden: .*127\.0\.0\.1:1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("when the context does not exist, then the user is told which ones do", async () => {
    const r = await harden(["audit", "--context", "nope", "--no-db"], { KUBECONFIG: api.kubeconfigPath });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no context "nope"/);
  });
});
