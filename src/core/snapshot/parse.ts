// Turns manifest text (multi-document YAML, JSON objects, `List`s, `kubectl get -o
// json` output, or a HardenSnapshot bundle) into snapshot pieces. Errors name the
// file and line; nothing here touches the filesystem.
import { LineCounter, parseAllDocuments } from "yaml";
import { SNAPSHOT_KIND, type KindVisibility, type KubeletConfigEntry, type KubeObject, type VersionInfo } from "./types.js";

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ""}: ${detail}`);
    this.name = "ManifestError";
  }
}

export interface ParsedManifests {
  objects: KubeObject[];
  notes: string[];
  /** Set when the text held a HardenSnapshot bundle. */
  bundle?: {
    version?: VersionInfo;
    kubeletConfigs: Record<string, KubeletConfigEntry>;
    visibility: Record<string, KindVisibility>;
    complete: boolean;
    capturedAt?: string;
    description?: string;
  };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Accepts one decoded document and appends what it holds. */
function collect(doc: unknown, where: string, out: ParsedManifests): void {
  if (doc === null || doc === undefined) return; // empty YAML document (`---` at end)
  if (!isObject(doc)) {
    out.notes.push(`${where}: not a Kubernetes object (a ${Array.isArray(doc) ? "list" : typeof doc}); skipped`);
    return;
  }
  const kind = doc["kind"];
  if (kind === SNAPSHOT_KIND) {
    const b = doc as Record<string, unknown>;
    out.bundle = {
      ...(isObject(b["version"]) ? { version: b["version"] as unknown as VersionInfo } : {}),
      kubeletConfigs: { ...(out.bundle?.kubeletConfigs ?? {}), ...((b["kubeletConfigs"] as Record<string, KubeletConfigEntry>) ?? {}) },
      visibility: { ...(out.bundle?.visibility ?? {}), ...((b["visibility"] as Record<string, KindVisibility>) ?? {}) },
      complete: b["complete"] === true,
      ...(typeof b["capturedAt"] === "string" ? { capturedAt: b["capturedAt"] } : {}),
      ...(typeof b["description"] === "string" ? { description: b["description"] } : {}),
    };
    for (const o of (b["objects"] as unknown[]) ?? []) collect(o, where, out);
    return;
  }
  if (typeof kind === "string" && kind.endsWith("List") && Array.isArray(doc["items"])) {
    // `kubectl get -o json` returns kind: List; typed lists (PodList) omit kind on items.
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    for (const item of doc["items"] as unknown[]) {
      if (isObject(item) && itemKind && !item["kind"]) {
        collect({ ...item, kind: itemKind, apiVersion: item["apiVersion"] ?? doc["apiVersion"] }, where, out);
      } else collect(item, where, out);
    }
    return;
  }
  const meta = doc["metadata"];
  if (typeof kind !== "string" || typeof doc["apiVersion"] !== "string" || !isObject(meta) || typeof meta["name"] !== "string") {
    out.notes.push(`${where}: document has no apiVersion, kind or metadata.name; skipped`);
    return;
  }
  out.objects.push(doc as unknown as KubeObject);
}

export function parseManifestText(text: string, file: string): ParsedManifests {
  const out: ParsedManifests = { objects: [], notes: [] };
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
      throw new ManifestError(file, line, `invalid JSON: ${msg}`);
    }
    if (Array.isArray(parsed)) parsed.forEach((d, i) => collect(d, `${file} item ${i + 1}`, out));
    else collect(parsed, file, out);
    return out;
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line ?? lineCounter.linePos(err.pos[0]).line;
      throw new ManifestError(file, line, `invalid YAML: ${err.message.split("\n")[0]}`);
    }
    const start = doc.range?.[0] ?? 0;
    const line = lineCounter.linePos(start).line;
    collect(doc.toJS({ maxAliasCount: 1000 }), `${file}:${line}`, out);
  }
  return out;
}
