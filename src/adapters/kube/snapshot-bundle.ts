// A snapshot saved as one document, so an audit can be re-run offline or on
// another machine (`harden audit --from snapshot.json`). The shape is the one
// parseManifestText reads back; Secret values were stripped when read, so the
// bundle holds none.
import { SNAPSHOT_KIND, type ClusterSnapshot, type KindVisibility, type KubeletConfigEntry, type KubeObject, type VersionInfo } from "../../core/snapshot/types.js";

export interface SnapshotBundle {
  apiVersion: "harden.dev/v1";
  kind: typeof SNAPSHOT_KIND;
  schemaVersion: 1;
  capturedAt: string;
  description: string;
  version?: VersionInfo;
  complete: boolean;
  visibility: Record<string, KindVisibility>;
  kubeletConfigs: Record<string, KubeletConfigEntry>;
  objects: KubeObject[];
  /** For people reading the file; parseManifestText does not read them back. */
  notes: string[];
}

export function toBundle(snapshot: ClusterSnapshot): SnapshotBundle {
  return {
    apiVersion: "harden.dev/v1",
    kind: SNAPSHOT_KIND,
    schemaVersion: 1,
    capturedAt: snapshot.source.capturedAt,
    description: snapshot.source.description,
    ...(snapshot.version ? { version: snapshot.version } : {}),
    complete: snapshot.complete,
    visibility: snapshot.visibility,
    kubeletConfigs: snapshot.kubeletConfigs,
    objects: snapshot.objects,
    notes: snapshot.notes,
  };
}
