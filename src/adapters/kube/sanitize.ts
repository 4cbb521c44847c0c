// Applied to every object the moment it arrives, before it is kept anywhere:
// Secret values never enter the snapshot (so never the history store, a bundle
// or a log), and managedFields, often the largest part of an object, shrink to
// the one timestamp checks use (when a Secret last changed).
import type { KubeObject, ObjectMeta } from "../../core/snapshot/types.js";

/** kubectl copies the whole applied manifest here, Secret data included. */
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

function newestManagedTime(entries: unknown): string | undefined {
  if (!Array.isArray(entries)) return undefined;
  let newest: string | undefined;
  let newestMs = -Infinity;
  for (const e of entries) {
    const time = typeof e === "object" && e !== null ? (e as { time?: unknown }).time : undefined;
    if (typeof time !== "string") continue;
    const ms = Date.parse(time);
    if (!Number.isNaN(ms) && ms > newestMs) {
      newest = time;
      newestMs = ms;
    }
  }
  return newest;
}

function slimMetadata(meta: ObjectMeta): ObjectMeta {
  if (!("managedFields" in meta)) return meta;
  const { managedFields, ...rest } = meta;
  const newest = newestManagedTime(managedFields);
  return newest === undefined ? rest : { ...rest, managedFields: [{ time: newest }] };
}

function stripSecret(obj: KubeObject): KubeObject {
  const metadata = { ...slimMetadata(obj.metadata) };
  if (metadata.annotations && LAST_APPLIED_ANNOTATION in metadata.annotations) {
    const { [LAST_APPLIED_ANNOTATION]: _dropped, ...annotations } = metadata.annotations;
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
  }
  const out: KubeObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata };
  if (typeof obj["type"] === "string") out["type"] = obj["type"];
  const data = obj["data"];
  if (typeof data === "object" && data !== null) {
    // Key names stay: checks look for names like `password` or `tls.key`.
    out["data"] = Object.fromEntries(Object.keys(data).map((k) => [k, ""]));
  }
  return out;
}

/** Returns a copy safe to keep; the input is not modified. */
export function sanitizeObject(obj: KubeObject): KubeObject {
  if (obj.kind === "Secret") return stripSecret(obj);
  const metadata = slimMetadata(obj.metadata);
  return metadata === obj.metadata ? obj : { ...obj, metadata };
}
