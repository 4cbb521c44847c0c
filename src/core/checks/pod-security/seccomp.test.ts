import { describe, expect, it } from "vitest";
import { linuxHardening } from "./linux-hardening.js";
import { missingSeccompProfile } from "./missing-seccomp-profile.js";
import { auditWith, verdicts } from "./testing.js";

function bundle(opts: { version?: string; kubelets?: string; annotations?: string; podSpec: string }): string {
  const version = opts.version ? `version: { gitVersion: v1.${opts.version}.0, major: "1", minor: "${opts.version}" }` : "";
  return `
kind: HardenSnapshot
complete: true
${version}
kubeletConfigs: ${opts.kubelets ?? "{}"}
objects:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: p
      namespace: apps
      annotations: ${opts.annotations ?? "{}"}
    spec:
${opts.podSpec
  .trim()
  .split("\n")
  .map((l) => `      ${l}`)
  .join("\n")}
`;
}

const PLAIN = "containers: [{ name: c, image: x:1 }]";

describe("missing-seccomp-profile", () => {
  it("when the legacy pod annotation says runtime/default and the version is unknown, then it passes", () => {
    const yaml = bundle({ annotations: '{ "seccomp.security.alpha.kubernetes.io/pod": "runtime/default" }', podSpec: PLAIN });
    expect(verdicts(auditWith(missingSeccompProfile, yaml))).toEqual(["pass Pod/p/c"]);
  });

  it("when the cluster is 1.26, then the legacy annotation still counts", () => {
    const yaml = bundle({ version: "26", annotations: '{ "seccomp.security.alpha.kubernetes.io/pod": "docker/default" }', podSpec: PLAIN });
    expect(verdicts(auditWith(missingSeccompProfile, yaml))).toEqual(["pass Pod/p/c"]);
  });

  it("when the cluster is 1.27 or newer, then the legacy annotation is ignored and the message says so", () => {
    const yaml = bundle({ version: "27", annotations: '{ "seccomp.security.alpha.kubernetes.io/pod": "runtime/default" }', podSpec: PLAIN });
    const [finding] = auditWith(missingSeccompProfile, yaml);
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("ignored since Kubernetes 1.27");
  });

  it("when a container annotation says unconfined over a pod field of RuntimeDefault, then the field wins only at its own level", () => {
    const yaml = bundle({
      annotations: '{ "container.seccomp.security.alpha.kubernetes.io/c": "unconfined" }',
      podSpec: "securityContext: { seccompProfile: { type: RuntimeDefault } }\ncontainers: [{ name: c, image: x:1 }]",
    });
    const [finding] = auditWith(missingSeccompProfile, yaml);
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("Unconfined (from the container annotation)");
  });

  it("when an unknown profile type is set, then it fails naming the value", () => {
    const yaml = bundle({ podSpec: "containers: [{ name: c, image: x:1, securityContext: { seccompProfile: { type: LocalPort } } }]" });
    const [finding] = auditWith(missingSeccompProfile, yaml);
    expect(finding?.message).toContain("LocalPort");
  });

  it("when only some kubelets enable seccompDefault, then unset profiles still fail", () => {
    const kubelets = "{ a: { state: listed, config: { seccompDefault: true } }, b: { state: listed, config: {} } }";
    expect(verdicts(auditWith(missingSeccompProfile, bundle({ kubelets, podSpec: PLAIN })))).toEqual(["fail Pod/p/c"]);
  });

  it("when a kubelet's configz could not be read, then seccompDefault is not assumed", () => {
    const kubelets = "{ a: { state: listed, config: { seccompDefault: true } }, b: { state: forbidden } }";
    expect(verdicts(auditWith(missingSeccompProfile, bundle({ kubelets, podSpec: PLAIN })))).toEqual(["fail Pod/p/c"]);
  });

  it("when a container overrides an Unconfined pod profile with RuntimeDefault, then linux-hardening passes", () => {
    const yaml = bundle({
      podSpec: "securityContext: { seccompProfile: { type: Unconfined } }\ncontainers: [{ name: c, image: x:1, securityContext: { seccompProfile: { type: RuntimeDefault } } }]",
    });
    expect(verdicts(auditWith(linuxHardening, yaml))).toEqual(["pass Pod/p/c"]);
  });
});
