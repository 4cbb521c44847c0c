import { EXIT, UsageError } from "./cli-output.js";
import { loadSnapshot } from "./snapshot-sources.js";

export async function snapshotCommand(o: { context?: string; inCluster?: boolean; configz: boolean }): Promise<number> {
  if (!o.context && !o.inCluster) throw new UsageError("give --context CTX or --in-cluster");
  const snapshot = await loadSnapshot(
    { type: "live", ...(o.context ? { context: o.context } : {}), ...(o.inCluster ? { inCluster: true } : {}) },
    {
      configz: o.configz,
      onProgress: (p) => process.stderr.write(`\rread ${p.done}/${p.total} kinds (${p.kind})        `),
    },
  );
  process.stderr.write("\n");
  const { toBundle } = await import("../adapters/kube/snapshot-bundle.js");
  process.stdout.write(JSON.stringify(toBundle(snapshot)) + "\n");
  return EXIT.ok;
}
