// The bundled example cluster (examples/cluster), loaded the way `harden audit
// --file examples/cluster` loads it: every YAML and JSON file, in name order.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { snapshotFromManifests } from "../../src/core/snapshot/build.js";
import { parseManifestText } from "../../src/core/snapshot/parse.js";
import type { ClusterSnapshot } from "../../src/core/snapshot/types.js";

export const EXAMPLE_CLUSTER_DIR = join(import.meta.dirname, "..", "..", "examples", "cluster");

export function loadExampleCluster(capturedAt: Date): { files: string[]; snapshot: ClusterSnapshot } {
  const files = readdirSync(EXAMPLE_CLUSTER_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const parts = files.map((f) => parseManifestText(readFileSync(join(EXAMPLE_CLUSTER_DIR, f), "utf8"), `examples/cluster/${f}`));
  return { files, snapshot: snapshotFromManifests(parts, { description: "examples/cluster", capturedAt: capturedAt.toISOString() }) };
}
