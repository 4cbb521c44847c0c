import { describe, expect, it } from "vitest";
import { addedCapabilitiesCheck } from "./added-capabilities.js";
import { capabilitiesNotDropped } from "./capabilities-not-dropped.js";
import { dangerousCapabilities } from "./dangerous-capabilities.js";
import { linuxHardening } from "./linux-hardening.js";
import { netRawCapability } from "./net-raw-capability.js";
import { sysAdminCapability } from "./sys-admin-capability.js";
import { auditWith, deployment, verdicts } from "./testing.js";

const withCaps = (caps: string) => deployment("a", `containers:\n  - { name: c, image: x:1, securityContext: { capabilities: ${caps} } }`);

describe("capability checks", () => {
  it("when every runtime default capability is dropped one by one, in any case, then capabilities-not-dropped passes", () => {
    const caps =
      "{ drop: [net_admin, ChOwN, DaC_OverriDE, fsetid, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE] }";
    expect(verdicts(auditWith(capabilitiesNotDropped, withCaps(caps)))).toEqual(["pass Deployment/a/c"]);
  });

  it("when one runtime default capability is kept, then capabilities-not-dropped fails naming it", () => {
    const caps =
      "{ drop: [CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL] }";
    const [finding] = auditWith(capabilitiesNotDropped, withCaps(caps));
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("AUDIT_WRITE");
  });

  it("when a container adds CAP_SYS_ADMIN with the prefix, then sys-admin-capability fails and dangerous-capabilities does not repeat it", () => {
    const yaml = withCaps("{ add: [CAP_SYS_ADMIN] }");
    expect(verdicts(auditWith(sysAdminCapability, yaml))).toEqual(["fail Deployment/a/c"]);
    expect(verdicts(auditWith(dangerousCapabilities, yaml))).toEqual(["pass Deployment/a/c"]);
  });

  it("when a container adds one dangerous capability under two spellings, then dangerous-capabilities names it once", () => {
    const [finding] = auditWith(dangerousCapabilities, withCaps("{ add: [NET_ADMIN, cap_net_admin, CHOWN] }"));
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toBe(`container "c" adds NET_ADMIN`);
  });

  it("when a container adds all capabilities in lower case, then sys-admin-capability fails", () => {
    expect(verdicts(auditWith(sysAdminCapability, withCaps("{ add: [all] }")))).toEqual(["fail Deployment/a/c"]);
  });

  it("when a container adds only NET_BIND_SERVICE, then no add check fails", () => {
    const yaml = withCaps("{ drop: [ALL], add: [NET_BIND_SERVICE] }");
    for (const check of [sysAdminCapability, dangerousCapabilities, addedCapabilitiesCheck]) {
      expect(verdicts(auditWith(check, yaml)), check.id).toEqual(["pass Deployment/a/c"]);
    }
  });

  it("when the capability list is null, then the container counts as adding nothing", () => {
    expect(verdicts(auditWith(addedCapabilitiesCheck, withCaps("{ add: null }")))).toEqual(["pass Deployment/a/c"]);
  });

  it("when NET_RAW is dropped and then added back through ALL, then net-raw-capability fails", () => {
    expect(verdicts(auditWith(netRawCapability, withCaps("{ drop: [NET_RAW], add: [ALL] }")))).toEqual(["fail Deployment/a/c"]);
  });

  it("when drop ALL is undone by add ALL, then linux-hardening fails; with another add it passes", () => {
    expect(verdicts(auditWith(linuxHardening, withCaps("{ drop: [ALL], add: [ALL] }")))).toEqual(["fail Deployment/a/c"]);
    expect(verdicts(auditWith(linuxHardening, withCaps("{ drop: [ALL], add: [CHOWN] }")))).toEqual(["pass Deployment/a/c"]);
  });
});
