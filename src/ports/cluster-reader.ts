// How the use cases get a cluster's state. The live adapter reads the API server;
// file and bundle sources build the same ClusterSnapshot without it.
import type { ClusterSnapshot } from "../core/snapshot/types.js";

export interface ReadProgress {
  /** Steps finished so far: one per kind, plus one for kubelet configz when asked. */
  done: number;
  total: number;
  /** The step that just finished (a kind, or "kubelet configz"). */
  kind: string;
}

export interface ReadSnapshotOptions {
  /** Kinds to list; each gets a visibility entry (listed, forbidden, absent, error). */
  kinds: ReadonlySet<string>;
  /** Also read each node's kubelet configuration (needs `get nodes/proxy`). */
  configz: boolean;
  onProgress?: (p: ReadProgress) => void;
}

export interface ClusterReader {
  /**
   * Throws UnavailableError when the cluster cannot be reached at all and
   * NotAllowedError when it rejects the credentials; a kind that cannot be read
   * is recorded in `visibility` and the read goes on.
   */
  readSnapshot(options: ReadSnapshotOptions): Promise<ClusterSnapshot>;
}
