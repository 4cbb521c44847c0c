import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { InputError } from "../../core/errors.js";
import { KubeConfig } from "@kubernetes/client-node";
import { describeKubeConfig, loadKubeConfig } from "./kube-config.js";

const dir = mkdtempSync(join(tmpdir(), "harden-kc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, "config");
writeFileSync(
  file,
  stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server: "https://10.0.0.1:6443" } }],
    users: [{ name: "u", user: { token: "t" } }],
    contexts: [
      { name: "staging", context: { cluster: "c", user: "u" } },
      { name: "prod", context: { cluster: "c", user: "u" } },
      { name: "broken", context: { cluster: "nowhere", user: "u" } },
    ],
    "current-context": "staging",
  }),
);

describe("loadKubeConfig", () => {
  it("when no context is named, then the file's current context is used", () => {
    expect(describeKubeConfig(loadKubeConfig({ file }))).toBe("context staging");
  });

  it("when a context is named, then it becomes the current one", () => {
    expect(describeKubeConfig(loadKubeConfig({ file, context: "prod" }))).toBe("context prod");
  });

  it("when the named context does not exist, then InputError lists the known ones", () => {
    expect(() => loadKubeConfig({ file, context: "qa" })).toThrow(new InputError(`kubeconfig ${file} has no context "qa" (contexts: staging, prod, broken)`));
  });

  it("when the context names an undefined cluster, then InputError says so", () => {
    expect(() => loadKubeConfig({ file, context: "broken" })).toThrow(InputError);
  });

  it("when the file does not exist, then InputError says file not found", () => {
    expect(() => loadKubeConfig({ file: join(dir, "missing") })).toThrow(/file not found$/);
  });

  it("when the configuration is the pod's service account, then it is described as in-cluster", () => {
    const kc = new KubeConfig();
    // The shape client-node's loadFromCluster() produces, without needing a pod.
    kc.loadFromOptions({
      clusters: [{ name: "inCluster", server: "https://10.96.0.1:443", skipTLSVerify: false }],
      users: [{ name: "inClusterUser" }],
      contexts: [{ name: "inClusterContext", cluster: "inCluster", user: "inClusterUser" }],
      currentContext: "inClusterContext",
    });
    expect(describeKubeConfig(kc)).toBe("in-cluster");
  });
});
