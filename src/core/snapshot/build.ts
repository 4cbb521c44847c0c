import type { ParsedManifests } from "./parse.js";
import type { ClusterSnapshot, KubeObject } from "./types.js";

export interface BuildOptions {
  description: string;
  capturedAt: string;
  /** Kinds some check reads; objects of other kinds are dropped with a note. */
  knownKinds?: ReadonlySet<string>;
}

/** Merges parsed files into one snapshot; a bundle's version, configz and visibility carry over. */
export function snapshotFromManifests(parts: readonly ParsedManifests[], options: BuildOptions): ClusterSnapshot {
  const objects: KubeObject[] = [];
  const notes: string[] = [];
  const skipped = new Map<string, number>();
  const snapshot: ClusterSnapshot = {
    schemaVersion: 1,
    source: { type: "files", description: options.description, capturedAt: options.capturedAt },
    objects,
    kubeletConfigs: {},
    visibility: {},
    complete: false,
    notes,
  };
  for (const part of parts) {
    notes.push(...part.notes);
    for (const o of part.objects) {
      if (options.knownKinds && !options.knownKinds.has(o.kind)) {
        skipped.set(o.kind, (skipped.get(o.kind) ?? 0) + 1);
        continue;
      }
      objects.push(o);
    }
    const b = part.bundle;
    if (b) {
      snapshot.source = {
        type: "snapshot",
        description: b.description ?? options.description,
        capturedAt: b.capturedAt ?? options.capturedAt,
      };
      if (b.version) snapshot.version = b.version;
      Object.assign(snapshot.kubeletConfigs, b.kubeletConfigs);
      Object.assign(snapshot.visibility, b.visibility);
      snapshot.complete = snapshot.complete || b.complete;
    }
  }
  if (skipped.size > 0) {
    const list = [...skipped].map(([k, n]) => `${k} (${n})`).join(", ");
    notes.push(`skipped objects of kinds no check reads: ${list}`);
  }
  return snapshot;
}
