// A hand-written manifest can hold a map where the API wants a list. The rules read
// those lists in plain loops (they run for every container of the cluster), and a
// loop over a map reads it as empty, which would pass the object unseen. Each such
// check must instead say it could not evaluate the object.
import { describe, expect, it } from "vitest";
import { runAudit } from "../audit/engine.js";
import { deployment, snapshotOf } from "./pod-security/testing.js";
import { ALL_CHECKS } from "./registry.js";

const MALFORMED = deployment(
  "odd",
  [
    "tolerations: { key: node-role.kubernetes.io/control-plane }",
    "affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchExpressions: [] } } } }",
    "volumes: { name: sock, hostPath: { path: /var/run/docker.sock } }",
    "containers:",
    "  - name: app",
    "    image: nginx:1.25",
    "    env: { PASSWORD: hunter2 }",
    "    envFrom: { secretRef: { name: creds } }",
    "    volumeMounts: { name: token, mountPath: /var/run/secrets/kubernetes.io/serviceaccount }",
  ].join("\n"),
);

const READ_AS_LISTS = [
  "secret-in-env",
  "sensitive-env-literal",
  "hostpath-volume",
  "sensitive-hostpath",
  "container-runtime-socket",
  "writable-hostpath-mount",
  "workload-on-control-plane",
  "sa-token-explicit-mount",
];

describe("a map where a manifest list belongs", () => {
  const report = runAudit(snapshotOf(MALFORMED), {
    environment: "test",
    checks: ALL_CHECKS.filter((c) => READ_AS_LISTS.includes(c.id)),
    includePassed: true,
    clock: () => new Date("2026-06-01T00:00:00Z"),
  });

  it.each(READ_AS_LISTS)("when %s reads it, then the check cannot be evaluated and nothing passes", (id) => {
    const own = report.findings.filter((f) => f.checkId === id);
    expect(own.filter((f) => f.status === "pass")).toEqual([]);
    expect(own.map((f) => f.status)).toEqual(["unknown"]);
    expect(report.notes.some((n) => n.startsWith(`check ${id} failed to evaluate`) && / is not (a list|iterable)/.test(n))).toBe(true);
  });
});
