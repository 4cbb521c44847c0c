// Capability sets and readers the capability checks share.
import type { EffectiveContainer } from "../../snapshot/workloads.js";

/** What containerd and CRI-O grant when a container drops nothing (Docker's historic default). */
export const RUNTIME_DEFAULT_CAPABILITIES = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "NET_RAW",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];

/** Grants that are privileged in all but name: CAP_SYS_ADMIN, directly or through ALL. */
export const PRIVILEGE_EQUIVALENT_CAPABILITIES = new Set(["SYS_ADMIN", "ALL"]);

/**
 * Capabilities outside the runtime default that open a path to the node or other
 * workloads (kernel modules, raw I/O, tracing other processes, network stack,
 * security modules, eBPF). SYS_ADMIN and ALL are judged by sys-admin-capability.
 */
export const DANGEROUS_CAPABILITIES = new Set([
  "NET_ADMIN",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_PTRACE",
  "SYS_BOOT",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
  "BPF",
  "PERFMON",
  "DAC_READ_SEARCH",
]);

/** The only capability the Pod Security Standards (restricted) let a container add. */
export const RESTRICTED_ADDABLE = new Set(["NET_BIND_SERVICE"]);

// Names already written the kernel's way (`ALL`, `NET_BIND_SERVICE`), as most are.
const CANONICAL = /^(?!CAP_)[A-Z0-9_]+$/;

/** Capability names as the kernel knows them: upper case, without the `CAP_` prefix. */
export function normalizeCapability(name: unknown): string {
  if (typeof name === "string" && CANONICAL.test(name)) return name;
  return String(name).trim().toUpperCase().replace(/^CAP_/, "");
}

// Eight checks ask for these per container and most containers list nothing:
// share one empty list instead of allocating one per question.
const NONE: readonly string[] = Object.freeze([]);

export function addedCapabilities(c: EffectiveContainer): readonly string[] {
  const add = c.securityContext.capabilities?.add;
  return Array.isArray(add) ? add.map(normalizeCapability) : NONE;
}

export function droppedCapabilities(c: EffectiveContainer): readonly string[] {
  const drop = c.securityContext.capabilities?.drop;
  return Array.isArray(drop) ? drop.map(normalizeCapability) : NONE;
}

/** The capabilities of `set` the container adds, each once; empty for most containers. */
export function addedCapabilitiesIn(c: EffectiveContainer, set: ReadonlySet<string>): readonly string[] {
  const added = addedCapabilities(c);
  if (added.length === 0) return NONE; // most containers add nothing: no list to filter
  return [...new Set(added.filter((cap) => set.has(cap)))];
}

/** Whether the container adds `cap` (a normalised name); asked without building the list. */
export function addsCapability(c: EffectiveContainer, cap: string): boolean {
  return listsCapability(c.securityContext.capabilities?.add, cap);
}

/** Whether the container drops `cap` (a normalised name); asked without building the list. */
export function dropsCapability(c: EffectiveContainer, cap: string): boolean {
  return listsCapability(c.securityContext.capabilities?.drop, cap);
}

function listsCapability(list: unknown, cap: string): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) if (normalizeCapability(list[i]) === cap) return true;
  return false;
}
