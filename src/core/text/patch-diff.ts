// What an approver reads before saying yes: the object's YAML before and after
// the patch, as a unified diff. The patch is applied here only for the preview;
// the API server applies the real one (and dry-runs it first), so a preview that
// cannot be computed says so instead of guessing.
//
// The YAML shows the spec, not the bookkeeping (managedFields, resourceVersion,
// status), and never a value that may be secret: env var literals, Secret data and
// kubectl's last-applied copy (which holds both) are masked or dropped.
import { createTwoFilesPatch } from "diff";
import { stringify } from "yaml";
import type { RemediationPatch } from "../checks/types.js";
import type { KubeObject } from "../snapshot/types.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

// Merge keys of the lists a pod template patch touches (from the Kubernetes API's
// `x-kubernetes-patch-merge-key`); other lists are replaced whole, as the server does.
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  imagePullSecrets: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  ports: "containerPort",
  hostAliases: "ip",
};

function mergeList(current: Json[], patch: Json[], key: string): Json[] {
  const out = current.map(clone);
  for (const item of patch) {
    if (!isObject(item)) return patch.map(clone);
    const id = item[key];
    const at = out.findIndex((c) => isObject(c) && c[key] === id);
    if (item["$patch"] === "delete") {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) {
      out[at] = strategicMerge(out[at]!, item);
    } else {
      out.push(strategicMerge({}, item));
    }
  }
  return out;
}

function strategicMerge(target: Json, patch: Json, strategic = true): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    // Directives ($patch, $retainKeys, $setElementOrder/...) steer the server's merge; they are not fields.
    if (k.startsWith("$")) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    const key = MERGE_KEYS[k];
    if (strategic && key && Array.isArray(v) && Array.isArray(cur)) out[k] = mergeList(cur, v, key);
    else out[k] = strategicMerge(cur ?? null, v, strategic);
  }
  return out;
}

const unescapePointer = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");

function applyJsonPatch(doc: Json, ops: unknown): Json | undefined {
  if (!Array.isArray(ops)) return undefined;
  let root = clone(doc);
  for (const op of ops) {
    if (!isObject(op) || typeof op["op"] !== "string" || typeof op["path"] !== "string") return undefined;
    if (op["op"] === "test") continue;
    const path = op["path"] === "" ? [] : op["path"].split("/").slice(1).map(unescapePointer);
    if (path.length === 0) {
      if (op["op"] !== "replace" && op["op"] !== "add") return undefined;
      root = clone(op["value"] ?? null);
      continue;
    }
    let parent: Json = root;
    for (const seg of path.slice(0, -1)) {
      const next: Json | undefined = Array.isArray(parent) ? parent[Number(seg)] : isObject(parent) ? parent[seg] : undefined;
      if (next === undefined) return undefined;
      parent = next;
    }
    const last = path[path.length - 1]!;
    const value = clone(op["value"] ?? null);
    if (Array.isArray(parent)) {
      const i = last === "-" ? parent.length : Number(last);
      if (!Number.isInteger(i) || i < 0 || i > parent.length) return undefined;
      if (op["op"] === "add") parent.splice(i, 0, value);
      else if (op["op"] === "replace" && i < parent.length) parent[i] = value;
      else if (op["op"] === "remove" && i < parent.length) parent.splice(i, 1);
      else return undefined;
    } else if (isObject(parent)) {
      if (op["op"] === "add") parent[last] = value;
      else if (op["op"] === "replace" && last in parent) parent[last] = value;
      else if (op["op"] === "remove" && last in parent) delete parent[last];
      else return undefined;
    } else {
      return undefined;
    }
  }
  return root;
}

/** The object as the patch would leave it, or undefined when the preview cannot be computed. */
export function previewPatch(obj: KubeObject, patch: Pick<RemediationPatch, "patch" | "patchType">): KubeObject | undefined {
  const doc = clone(obj) as unknown as Json;
  let out: Json | undefined;
  if (patch.patchType === "json") out = applyJsonPatch(doc, patch.patch);
  else if (isObject(patch.patch as Json)) out = strategicMerge(doc, patch.patch as Json, patch.patchType === "strategic-merge");
  return isObject(out) ? (out as unknown as KubeObject) : undefined;
}

const HIDDEN = "(hidden)";
const NOISY_METADATA = ["managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink"];
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

function maskEnv(node: Json): Json {
  if (Array.isArray(node)) return node.map(maskEnv);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === "env" && Array.isArray(v)
        ? v.map((e) => (isObject(e) && "value" in e ? { ...e, value: HIDDEN } : maskEnv(e)))
        : maskEnv(v);
  }
  return out;
}

/** The object as an approver should read it: spec and identity, no bookkeeping, no secret values. */
export function reviewableYaml(obj: KubeObject): string {
  const doc = clone(obj) as unknown as JsonObject;
  delete doc["status"];
  const meta = doc["metadata"];
  if (isObject(meta)) {
    for (const k of NOISY_METADATA) delete meta[k];
    const ann = meta["annotations"];
    if (isObject(ann)) {
      delete ann[LAST_APPLIED];
      if (Object.keys(ann).length === 0) delete meta["annotations"];
    }
  }
  for (const k of ["data", "stringData", "binaryData"]) {
    const d = doc[k];
    if (isObject(d)) doc[k] = Object.fromEntries(Object.keys(d).map((key) => [key, HIDDEN]));
  }
  return stringify(maskEnv(doc), { lineWidth: 0 });
}

/**
 * Unified diff of the object's YAML before and after the patch (3 lines of
 * context), without the "Index:" banner. Undefined when no preview can be made.
 */
export function patchDiff(obj: KubeObject, patch: Pick<RemediationPatch, "patch" | "patchType">): string | undefined {
  const after = previewPatch(obj, patch);
  if (!after) return undefined;
  const name = `${obj.kind}/${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name}`;
  const text = createTwoFilesPatch(name, name, reviewableYaml(obj), reviewableYaml(after), "live", "patched", { context: 3 });
  return text.replace(/^Index: .*\n=+\n/, "");
}
