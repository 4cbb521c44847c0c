// Whether a workload can reach the cloud instance metadata endpoint
// (169.254.169.254:80), which hands out the node's cloud credentials on most
// providers. Decided from the egress rules of the policies that select it.
import type { Workload } from "../../snapshot/workloads.js";
import type { NetworkModel } from "./policy-model.js";

export const METADATA_IP = "169.254.169.254";

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** IPv4 CIDR containment; IPv6 blocks never contain the IPv4 metadata address. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.trim().split("/");
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const b = ipv4ToInt(base ?? "");
  const a = ipv4ToInt(ip);
  if (b === undefined || a === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

interface PortSpec {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}

// IMDS listens on TCP/80; a rule limited to other ports (DNS) does not reach it.
function portsReachHttp(ports: unknown): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return (ports as PortSpec[]).some((p) => {
    if (p.protocol && p.protocol.toUpperCase() !== "TCP") return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "number") return p.endPort !== undefined ? p.port <= 80 && 80 <= p.endPort : p.port === 80;
    return /^\d+$/.test(p.port) && Number(p.port) === 80; // named ports resolve on pods, not on external IPs
  });
}

function kubeRuleReaches(rule: Record<string, unknown>): boolean {
  if (!portsReachHttp(rule["ports"])) return false;
  const to = rule["to"];
  if (!Array.isArray(to) || to.length === 0) return true;
  return (to as { ipBlock?: { cidr?: string; except?: string[] } }[]).some(
    (peer) =>
      peer.ipBlock?.cidr !== undefined &&
      cidrContains(peer.ipBlock.cidr, METADATA_IP) &&
      !(peer.ipBlock.except ?? []).some((e) => cidrContains(e, METADATA_IP)),
  );
}

function ciliumRuleReaches(rule: Record<string, unknown>): boolean {
  const l3 = ["toEndpoints", "toEntities", "toCIDR", "toCIDRSet", "toFQDNs", "toServices", "toGroups", "toNodes", "toRequires"];
  const ports = (rule["toPorts"] as { ports?: PortSpec[] }[] | undefined)?.flatMap((tp) => tp.ports ?? []);
  if (ports && !portsReachHttp(ports)) return false;
  if (!l3.some((k) => k in rule)) return true; // an L4-only rule allows every destination
  const entities = (rule["toEntities"] as string[] | undefined) ?? [];
  if (entities.includes("world") || entities.includes("all")) return true;
  if (((rule["toCIDR"] as string[] | undefined) ?? []).some((c) => cidrContains(c, METADATA_IP))) return true;
  return ((rule["toCIDRSet"] as { cidr?: string; except?: string[] }[] | undefined) ?? []).some(
    (s) => s.cidr !== undefined && cidrContains(s.cidr, METADATA_IP) && !(s.except ?? []).some((e) => cidrContains(e, METADATA_IP)),
  );
}

/** Why the workload can reach the metadata endpoint, or undefined when its egress policies stop it. */
export function metadataReach(model: NetworkModel, w: Workload): string | undefined {
  if (w.podSpec.hostNetwork) return "runs on the host network";
  const egress = model.selecting(w).egress;
  // A Cilium deny rule wins over every allow rule.
  const denied = egress.some((p) => p.kind !== "NetworkPolicy" && p.rules.egress.some((r) => !p.allow.egress.includes(r) && ciliumRuleReaches(r)));
  if (denied) return undefined;
  if (egress.length === 0) return "egress is unrestricted";
  for (const p of egress) {
    const reaches = p.kind === "NetworkPolicy" ? kubeRuleReaches : ciliumRuleReaches;
    if (p.allow.egress.some(reaches))
      return `${p.kind} ${p.name} allows egress to ${METADATA_IP}`;
  }
  return undefined;
}
