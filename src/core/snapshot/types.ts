// The one data shape every check reads. Live clusters, manifest folders and
// snapshot bundles are all turned into a ClusterSnapshot before any check runs,
// so fixtures and production share one code path.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  resourceVersion?: string;
  generateName?: string;
  [key: string]: unknown;
}

/** Any Kubernetes object. Checks narrow it with the typed views in `k8s-types.ts`. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/**
 * What the reader could see of one kind. `forbidden` and `error` make every check
 * that needs the kind report `unknown`; `absent` means the API does not exist on
 * this cluster (e.g. no Istio CRDs), which makes such checks `not_applicable`.
 */
export type VisibilityState = "listed" | "forbidden" | "absent" | "error";

export interface KindVisibility {
  state: VisibilityState;
  reason?: string;
}

export interface KubeletConfigEntry {
  /** The `kubeletconfig` object from /api/v1/nodes/NAME/proxy/configz, when readable. */
  config?: Record<string, unknown>;
  state: VisibilityState;
  reason?: string;
}

export interface VersionInfo {
  gitVersion: string;
  major?: string;
  minor?: string;
  platform?: string;
}

export type SnapshotSourceType = "live" | "files" | "snapshot";

export interface ClusterSnapshot {
  schemaVersion: 1;
  source: { type: SnapshotSourceType; description: string; capturedAt: string };
  /** Result of GET /version; absent when the source had none (plain manifests). */
  version?: VersionInfo;
  objects: KubeObject[];
  /** Per node name. Absent entries mean configz was never attempted (file sources). */
  kubeletConfigs: Record<string, KubeletConfigEntry>;
  /**
   * Per kind (`Deployment`, `ClusterRole`, `PeerAuthentication`...). For file
   * sources `complete` is false and unlisted kinds are treated as empty, not unknown:
   * the files are the whole world the audit can see.
   */
  visibility: Record<string, KindVisibility>;
  /** True when the source enumerated every kind it knows (live, bundles); false for loose files. */
  complete: boolean;
  /** Human-readable notes gathered while reading (skipped kinds, unreadable nodes...). */
  notes: string[];
}

export const SNAPSHOT_KIND = "HardenSnapshot";
