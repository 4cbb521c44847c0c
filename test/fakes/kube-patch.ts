// Patch semantics of the fake Kubernetes API server: JSON merge patch (RFC 7386),
// an approximation of strategic merge (keyed lists, `$patch`), and JSON patch
// (RFC 6902). Close enough that remediation patches land as they would on a real
// server; a patch that would fail there throws PatchError (the server's 422).
import { isDeepStrictEqual } from "node:util";

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const clone = <T>(x: T): T => structuredClone(x);

export class PatchError extends Error {}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Record<string, unknown> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// The lists the API server merges by key in strategic merge patches (patchMergeKey).
const MERGE_KEYS: Record<string, string[]> = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  volumes: ["name"],
  env: ["name"],
  imagePullSecrets: ["name"],
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
  ports: ["containerPort", "port"],
};

/** An approximation of strategic merge: JSON merge, except keyed lists merge by key and honour `$patch`. */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  if (patch["$patch"] === "replace") {
    const { $patch: _, ...rest } = patch;
    return clone(rest);
  }
  const out: Record<string, unknown> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (Array.isArray(v) && MERGE_KEYS[k] && Array.isArray(out[k])) out[k] = mergeList(out[k] as unknown[], v, MERGE_KEYS[k]);
    else out[k] = strategicMerge(out[k], v);
  }
  return out;
}

function mergeList(base: unknown[], patch: unknown[], keys: string[]): unknown[] {
  const result = base.map(clone);
  for (const item of patch) {
    const key = isObj(item) ? keys.find((k) => item[k] !== undefined) : undefined;
    if (!isObj(item) || key === undefined) {
      result.push(clone(item));
      continue;
    }
    const idx = result.findIndex((b) => isObj(b) && b[key] === item[key]);
    if (item["$patch"] === "delete") {
      if (idx >= 0) result.splice(idx, 1);
    } else if (idx >= 0) result[idx] = strategicMerge(result[idx], item);
    else result.push(strategicMerge(undefined, item));
  }
  return result;
}

/** RFC 6902 JSON patch: add, remove, replace, test. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError("a JSON patch must be an array of operations");
  const root = { doc: clone(doc) } as Record<string, unknown>;
  for (const op of ops as Record<string, unknown>[]) {
    if (typeof op["path"] !== "string" || !/^(\/|$)/.test(op["path"])) throw new PatchError("invalid JSON pointer");
    const tokens = ["doc", ...op["path"].split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))];
    const last = tokens.pop()!;
    let parent: unknown = root;
    for (const t of tokens) parent = isObj(parent) ? parent[t] : Array.isArray(parent) ? parent[Number(t)] : undefined;
    const current = Array.isArray(parent) ? parent[Number(last)] : isObj(parent) ? parent[last] : undefined;
    const exists = Array.isArray(parent) ? Number(last) < parent.length : isObj(parent) && last in parent;
    if (!Array.isArray(parent) && !isObj(parent)) throw new PatchError(`path ${op["path"]} does not exist`);
    switch (op["op"]) {
      case "test":
        if (!isDeepStrictEqual(current, op["value"])) throw new PatchError(`testing value ${op["path"]} failed`);
        break;
      case "add":
        if (Array.isArray(parent)) parent.splice(last === "-" ? parent.length : Number(last), 0, clone(op["value"]));
        else parent[last] = clone(op["value"]);
        break;
      case "replace":
      case "remove":
        if (!exists) throw new PatchError(`path ${op["path"]} does not exist`);
        if (op["op"] === "remove") {
          if (Array.isArray(parent)) parent.splice(Number(last), 1);
          else delete parent[last];
        } else if (Array.isArray(parent)) parent[Number(last)] = clone(op["value"]);
        else parent[last] = clone(op["value"]);
        break;
      default:
        throw new PatchError(`unsupported JSON patch operation ${String(op["op"])}`);
    }
  }
  return root["doc"];
}

/** The patch types by media type, as the API server names them. */
export const PATCHES: Record<string, (target: unknown, patch: unknown) => unknown> = {
  "application/merge-patch+json": mergePatch,
  "application/strategic-merge-patch+json": strategicMerge,
  "application/json-patch+json": jsonPatch,
};
