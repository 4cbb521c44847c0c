import type { ResourceRef } from "../checks/types.js";

// Two independent 32-bit multiply-xorshift lanes (cyrb53-style) give a 64-bit
// identity: collision odds stay negligible at millions of findings, and it costs a
// fraction of a crypto hash — the audit computes one per result. Not a security
// boundary: fingerprints name findings, they protect nothing.
function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

/**
 * Identity of a finding across runs: the check and the object (and container) it
 * is about, nothing that changes from run to run. Diffs and waivers key on it.
 */
export function findingFingerprint(checkId: string, resource: ResourceRef): string {
  return hash64(`${checkId}|${resource.kind}|${resource.namespace ?? ""}|${resource.name}|${resource.container ?? ""}`);
}
