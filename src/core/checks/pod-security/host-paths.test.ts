import { describe, expect, it } from "vitest";
import { containerRuntimeSocket } from "./container-runtime-socket.js";
import { normalizeHostPath, runtimeSocketExposed, sensitiveRootFor } from "./host-paths.js";
import { sensitiveHostpath } from "./sensitive-hostpath.js";
import { auditWith, deployment, verdicts } from "./testing.js";
import { writableHostpathMount } from "./writable-hostpath-mount.js";

describe("host paths", () => {
  it("when paths carry trailing or doubled slashes, then they normalise to one form", () => {
    expect(normalizeHostPath("/var/run//docker.sock")).toBe("/var/run/docker.sock");
    expect(normalizeHostPath("/var/log/")).toBe("/var/log");
    expect(normalizeHostPath("/")).toBe("/");
    expect(normalizeHostPath("/./etc")).toBe("/etc");
  });

  it("when a parent of a runtime socket is mounted, then the socket counts as exposed", () => {
    expect(runtimeSocketExposed("/var/run")).toBe("/var/run/docker.sock");
    expect(runtimeSocketExposed("/run/containerd")).toBe("/run/containerd/containerd.sock");
    expect(runtimeSocketExposed("/var/log")).toBeUndefined();
    expect(runtimeSocketExposed("/var/run/docker")).toBeUndefined();
  });

  it("when a path sits below, on or above a sensitive directory, then it is sensitive; /var/log is not", () => {
    expect(sensitiveRootFor("/etc/kubernetes/pki")).toBe("/etc");
    expect(sensitiveRootFor("/var")).toBe("/var/lib/kubelet");
    expect(sensitiveRootFor("/")).toBe("/");
    expect(sensitiveRootFor("/var/log")).toBeUndefined();
    expect(sensitiveRootFor("/etcetera")).toBeUndefined();
  });

  it("when the runtime socket is mounted read-only, then container-runtime-socket still fails", () => {
    const yaml = deployment(
      "ci",
      `containers:
  - { name: r, image: x:1, volumeMounts: [{ name: sock, mountPath: /var/run/docker.sock, readOnly: true }] }
volumes:
  - { name: sock, hostPath: { path: /var/run/docker.sock } }`,
    );
    expect(verdicts(auditWith(containerRuntimeSocket, yaml))).toEqual(["fail Deployment/ci"]);
    expect(verdicts(auditWith(writableHostpathMount, yaml))).toEqual(["pass Deployment/ci/r"]);
  });

  it("when a parent directory of the socket is mounted, then container-runtime-socket names the volume, its path and the socket", () => {
    const yaml = deployment(
      "ci",
      `containers:
  - { name: r, image: x:1, volumeMounts: [{ name: run, mountPath: /host/run }] }
volumes:
  - { name: logs, hostPath: { path: /var/log } }
  - { name: run, hostPath: { path: /var/run/ } }`,
    );
    const [finding] = auditWith(containerRuntimeSocket, yaml);
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toBe("pod spec mounts the container runtime socket: run (/var/run, exposes /var/run/docker.sock)");
  });

  it("when a hostPath volume has no name, then sensitive-hostpath still reports it by position", () => {
    const yaml = `
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: busybox }]
  volumes:
    - hostPath: { path: /sys, type: "" }
`;
    const [finding] = auditWith(sensitiveHostpath, yaml);
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("volumes[0] (/sys)");
  });

  it("when a container mounts a hostPath volume without readOnly, then only that container fails", () => {
    const yaml = deployment(
      "agent",
      `containers:
  - { name: reader, image: x:1, volumeMounts: [{ name: logs, mountPath: /logs, readOnly: true }] }
  - { name: writer, image: x:1, volumeMounts: [{ name: logs, mountPath: /logs }] }
volumes:
  - { name: logs, hostPath: { path: /var/log } }`,
    );
    expect(verdicts(auditWith(writableHostpathMount, yaml))).toEqual(["pass Deployment/agent/reader", "fail Deployment/agent/writer"]);
  });
});
