import type { ResourceRef } from "../checks/types.js";

// Two independent 32-bit multiply-xorshift lanes (cyrb53-style) give a 64-bit
// identity: collision odds stay negligible at millions of findings, and it costs a
// fraction of a crypto hash. Not a security boundary: fingerprints name findings,
// they protect nothing.
type Lanes = readonly [number, number];

function lanes(text: string, seed1: number, seed2: number): Lanes {
  let h1 = seed1;
  let h2 = seed2;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return [h1, h2];
}

function finish([a, b]: Lanes): string {
  const h1 = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  const h2 = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

// The audit fingerprints every non-passing result, and the same few thousand refs
// recur across a hundred checks: hash each ref and each check id once.
const refLanes = new WeakMap<ResourceRef, Lanes>();
const checkLanes = new Map<string, Lanes>();

function lanesOfRef(ref: ResourceRef): Lanes {
  let l = refLanes.get(ref);
  if (!l) {
    l = lanes(`${ref.kind}|${ref.namespace ?? ""}|${ref.name}|${ref.container ?? ""}`, 0xdeadbeef, 0x41c6ce57);
    refLanes.set(ref, l);
  }
  return l;
}

function lanesOfCheck(id: string): Lanes {
  let l = checkLanes.get(id);
  if (!l) {
    l = lanes(id, 0x9e3779b9, 0x85ebca6b);
    checkLanes.set(id, l);
  }
  return l;
}

/**
 * Identity of a finding across runs: the check and the object (and container) it
 * is about, nothing that changes from run to run. Diffs and waivers key on it.
 */
export function findingFingerprint(checkId: string, resource: ResourceRef): string {
  const [c1, c2] = lanesOfCheck(checkId);
  const [r1, r2] = lanesOfRef(resource);
  return finish([Math.imul(c1 ^ r2, 2654435761) ^ r1, Math.imul(c2 ^ r1, 1597334677) ^ r2]);
}
