import { defineCheck } from "../types.js";
import { perWorkload, WORKLOAD_CHECK_KINDS } from "./container-rules.js";

// The Pod Security Standards' safe set: namespaced sysctls that cannot affect
// other pods or the node. Everything else needs the kubelet's unsafe allow-list.
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
]);

/** Sysctl names may be written with slashes (`net/ipv4/tcp_syncookies`). */
function normalizeSysctl(name: string): string {
  return name.trim().replace(/\//g, ".");
}

export const unsafeSysctls = defineCheck({
  id: "unsafe-sysctls",
  title: "Pods must only set safe sysctls",
  severity: "high",
  category: "pod-security",
  needs: ["objects"],
  kinds: WORKLOAD_CHECK_KINDS,
  references: {
    trivy: ["KSV-0026", "KSV026"],
  },
  description:
    "Sysctls outside the Pod Security Standards' safe set change kernel behaviour for the whole node or for other pods, and can be used to weaken the node.",
  remediation:
    "Remove the sysctl from `securityContext.sysctls`, or tune it on the node itself; keep pod sysctls to the safe set (e.g. net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies).",
  evaluate: (ctx) =>
    perWorkload(
      ctx,
      (w) => {
        const sysctls = w.podSpec.securityContext?.sysctls;
        if (!Array.isArray(sysctls)) return null;
        const unsafe = sysctls
          .map((s) => (typeof s?.name === "string" ? normalizeSysctl(s.name) : "(unnamed)"))
          .filter((name) => !SAFE_SYSCTLS.has(name));
        return unsafe.length > 0 ? `pod spec sets unsafe sysctl(s) ${unsafe.join(", ")}` : null;
      },
      "only safe sysctls",
    ),
});
