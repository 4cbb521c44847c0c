import type { ResourceRef } from "../checks/types.js";
import { asText } from "../snapshot/manifest-values.js";

// Two independent 32-bit multiply-xorshift lanes (cyrb53-style) give a 64-bit
// identity: collision odds stay negligible at millions of findings, and it costs a
// fraction of a crypto hash. Not a security boundary: fingerprints name findings,
// they protect nothing.
//
// Stored history, waivers and golden files key on these values: the output must
// never change. The ref lanes hash `kind|namespace|name|container` one character
// at a time (both lanes in one pass), so the parts are fed in turn instead of
// being joined into a string, and the audit (which fingerprints every
// non-passing result) allocates nothing but the final 16-character string.
const M1 = 2654435761;
const M2 = 1597334677;
const SEPARATOR = 0x7c; // "|"

function lane(h: number, text: string, multiplier: number): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), multiplier);
  return h;
}

// Hand-written manifests can hold a number where a name belongs (`name: 123`):
// hash what the template string `${value}` would have held.
const optionalText = (value: unknown): string => (value === undefined || value === null ? "" : asText(value));

/** Both lanes of a ref in one pass over its characters: `{ r1, r2 }`. */
function refLanes(ref: ResourceRef): RefSeed {
  let r1 = 0xdeadbeef;
  let r2 = 0x41c6ce57;
  for (let p = 0; p < 4; p++) {
    if (p > 0) {
      r1 = Math.imul(r1 ^ SEPARATOR, M1);
      r2 = Math.imul(r2 ^ SEPARATOR, M2);
    }
    const part = p === 0 ? asText(ref.kind) : p === 1 ? optionalText(ref.namespace) : p === 2 ? asText(ref.name) : optionalText(ref.container);
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      r1 = Math.imul(r1 ^ c, M1);
      r2 = Math.imul(r2 ^ c, M2);
    }
  }
  return { r1, r2 };
}

const HEX_CODES = Array.from("0123456789abcdef", (ch) => ch.charCodeAt(0));
const hexAt = (n: number, shift: number) => HEX_CODES[(n >>> shift) & 15]!;

/** Two 32-bit words as 16 lower-case hex digits, high word first, in one string allocation. */
function hex64(hi: number, lo: number): string {
  return String.fromCharCode(
    hexAt(hi, 28), hexAt(hi, 24), hexAt(hi, 20), hexAt(hi, 16), hexAt(hi, 12), hexAt(hi, 8), hexAt(hi, 4), hexAt(hi, 0),
    hexAt(lo, 28), hexAt(lo, 24), hexAt(lo, 20), hexAt(lo, 16), hexAt(lo, 12), hexAt(lo, 8), hexAt(lo, 4), hexAt(lo, 0),
  );
}

/** The part of a fingerprint that depends on the check alone: computed once per check. */
export interface CheckSeed {
  readonly c1: number;
  readonly c2: number;
}

export function checkSeed(checkId: string): CheckSeed {
  return { c1: lane(0x9e3779b9, checkId, M1), c2: lane(0x85ebca6b, checkId, M2) };
}

/** The part of a fingerprint that depends on the resource alone: computed once per shared ref. */
export interface RefSeed {
  readonly r1: number;
  readonly r2: number;
}

export function refSeed(resource: ResourceRef): RefSeed {
  return refLanes(resource);
}

function combine(c1: number, c2: number, r1: number, r2: number): string {
  const a = Math.imul(c1 ^ r2, M1) ^ r1;
  const b = Math.imul(c2 ^ r1, M2) ^ r2;
  const h1 = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  const h2 = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex64(h2, h1);
}

/** The fingerprint from both seeds: no string of the resource is read again. */
export function fingerprintFromSeeds(check: CheckSeed, ref: RefSeed): string {
  return combine(check.c1, check.c2, ref.r1, ref.r2);
}

/** `findingFingerprint` for a check whose seed is already known (the audit loop). */
export function fingerprintWithSeed(seed: CheckSeed, resource: ResourceRef): string {
  return fingerprintFromSeeds(seed, refLanes(resource));
}

/**
 * Identity of a finding across runs: the check and the object (and container) it
 * is about, nothing that changes from run to run. Diffs and waivers key on it.
 */
export function findingFingerprint(checkId: string, resource: ResourceRef): string {
  return fingerprintWithSeed(checkSeed(checkId), resource);
}
