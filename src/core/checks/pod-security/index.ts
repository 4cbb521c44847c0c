import type { CheckDefinition } from "../types.js";
import { addedCapabilitiesCheck } from "./added-capabilities.js";
import { allowPrivilegeEscalation } from "./allow-privilege-escalation.js";
import { apparmorUnconfined } from "./apparmor-unconfined.js";
import { capabilitiesNotDropped } from "./capabilities-not-dropped.js";
import { containerRuntimeSocket } from "./container-runtime-socket.js";
import { dangerousCapabilities } from "./dangerous-capabilities.js";
import { hostIpc } from "./host-ipc.js";
import { hostNetwork } from "./host-network.js";
import { hostPid } from "./host-pid.js";
import { hostPort } from "./host-port.js";
import { hostpathVolume } from "./hostpath-volume.js";
import { linuxHardening } from "./linux-hardening.js";
import { lowUidGid } from "./low-uid-gid.js";
import { missingSeccompProfile } from "./missing-seccomp-profile.js";
import { netRawCapability } from "./net-raw-capability.js";
import { privilegedContainer } from "./privileged-container.js";
import { procMountUnmasked } from "./proc-mount-unmasked.js";
import { runAsRoot } from "./run-as-root.js";
import { selinuxCustomOptions } from "./selinux-custom-options.js";
import { sensitiveHostpath } from "./sensitive-hostpath.js";
import { sysAdminCapability } from "./sys-admin-capability.js";
import { unsafeSysctls } from "./unsafe-sysctls.js";
import { windowsHostProcess } from "./windows-host-process.js";
import { writableHostpathMount } from "./writable-hostpath-mount.js";
import { writableRootFilesystem } from "./writable-root-filesystem.js";

export const podSecurityChecks: CheckDefinition[] = [
  // host access
  privilegedContainer,
  sysAdminCapability,
  hostPid,
  hostIpc,
  hostNetwork,
  hostPort,
  hostpathVolume,
  writableHostpathMount,
  sensitiveHostpath,
  containerRuntimeSocket,
  windowsHostProcess,
  // privileges inside the container
  allowPrivilegeEscalation,
  runAsRoot,
  lowUidGid,
  dangerousCapabilities,
  addedCapabilitiesCheck,
  capabilitiesNotDropped,
  netRawCapability,
  writableRootFilesystem,
  // kernel hardening
  missingSeccompProfile,
  linuxHardening,
  selinuxCustomOptions,
  apparmorUnconfined,
  procMountUnmasked,
  unsafeSysctls,
];
