import type { PolicyRule } from "../../snapshot/k8s-types.js";
import type { KubeObject } from "../../snapshot/types.js";
import { fail, pass, refOf } from "../helpers.js";
import { RBAC_KINDS, rbacIndex } from "../rbac/resolver.js";
import { findGrant, isBroadSubject } from "../rbac/rules.js";
import { defineCheck, type CheckResult } from "../types.js";

interface Scc {
  allowPrivilegedContainer?: boolean;
  allowHostNetwork?: boolean;
  allowHostPID?: boolean;
  allowHostIPC?: boolean;
  allowHostPorts?: boolean;
  allowHostDirVolumePlugin?: boolean;
  allowedCapabilities?: string[] | null;
  runAsUser?: { type?: string };
  volumes?: string[];
  users?: string[] | null;
  groups?: string[] | null;
}

const BROAD_GROUPS = ["system:authenticated", "system:unauthenticated", "system:serviceaccounts"];
const DANGEROUS_CAPS = new Set(["*", "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "BPF", "PERFMON"]);

function risky(scc: Scc): string[] {
  const out: string[] = [];
  if (scc.allowPrivilegedContainer) out.push("privileged containers");
  if (scc.allowHostNetwork) out.push("host network");
  if (scc.allowHostPID) out.push("host PID");
  if (scc.allowHostIPC) out.push("host IPC");
  if (scc.allowHostPorts) out.push("host ports");
  if (scc.allowHostDirVolumePlugin || (scc.volumes ?? []).some((v) => v === "*" || v === "hostPath")) out.push("hostPath volumes");
  if (scc.runAsUser?.type === "RunAsAny") out.push("any UID, root included (runAsUser RunAsAny)");
  const caps = (scc.allowedCapabilities ?? []).filter((c) => DANGEROUS_CAPS.has(c.toUpperCase().replace(/^CAP_/, "")));
  if (caps.length) out.push(`capabilities ${caps.join(", ")}`);
  return out;
}

/** Who beyond named identities may use the SCC: its own users/groups lists, or RBAC `use` grants to broad groups. */
function broadUsers(scc: KubeObject, useGrants: Map<string, string[]>): string[] {
  const spec = scc as unknown as Scc;
  const direct = [...(spec.groups ?? []), ...(spec.users ?? [])].filter(
    (n) => BROAD_GROUPS.includes(n) || n.startsWith("system:serviceaccounts:") || n === "system:anonymous",
  );
  return [...new Set([...direct, ...(useGrants.get(scc.metadata.name) ?? []), ...(useGrants.get("*") ?? [])])];
}

function sccUseGrants(ctx: Parameters<typeof rbacIndex>[0]): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const b of rbacIndex(ctx).bindings) {
    const broad = b.subjects.filter(isBroadSubject).map((s) => `${s.name} (via ${b.kind} ${b.name})`);
    if (!broad.length || !b.role) continue;
    for (const rule of b.role.rules) {
      if (!findGrant([{ ...rule, resourceNames: [] } as PolicyRule], { verbs: ["use"], groups: ["security.openshift.io"], resources: ["securitycontextconstraints"] })) continue;
      for (const name of rule.resourceNames?.length ? rule.resourceNames : ["*"]) grants.set(name, [...(grants.get(name) ?? []), ...broad]);
    }
  }
  return grants;
}

export const sccBroadPrivileged = defineCheck({
  id: "openshift-scc-broad-privileged",
  title: "Permissive SecurityContextConstraints are not open to everyone",
  severity: "critical",
  category: "pod-security",
  needs: ["objects"],
  kinds: ["SecurityContextConstraints", ...RBAC_KINDS],
  references: {},
  description:
    "On OpenShift, a pod may use any SCC that its user or ServiceAccount is allowed to use. An SCC that permits privileged containers, host namespaces, hostPath volumes, any UID or powerful capabilities, and that lists system:authenticated or system:serviceaccounts (directly or through an RBAC `use` grant), lets every workload of the cluster escape to its node. Clusters without SCCs get no findings.",
  remediation:
    "Remove the broad group from the SCC's `groups` and from RBAC `use` grants; grant the SCC to the specific ServiceAccounts that need it (`oc adm policy add-scc-to-user`), and give everyone else restricted-v2.",
  evaluate(ctx) {
    const sccs = ctx.index.ofKind("SecurityContextConstraints");
    if (!sccs.length) return [];
    const grants = sccUseGrants(ctx.index);
    const results: CheckResult[] = [];
    for (const scc of sccs) {
      const ref = refOf(scc);
      const danger = risky(scc as unknown as Scc);
      const who = broadUsers(scc, grants);
      if (danger.length && who.length) results.push(fail(ref, `allows ${danger.join(", ")} and can be used by ${who.join(", ")}`));
      else if (danger.length) results.push(pass(ref, "permissive, but only named identities may use it"));
      else results.push(pass(ref, "allows no host access or privileged settings"));
    }
    return results;
  },
});
