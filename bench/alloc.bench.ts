// bench:alloc — where one audit of the synthetic cluster allocates, by source file
// and by function, from V8's sampling heap profiler (short-lived objects included).
// Allocation drives the audit's GC time and, unlike wall time on a shared machine,
// repeats to within a few percent from run to run: speed work on the checks is
// measured here first, then confirmed with bench:audit.
//
//   npm run bench:alloc                 (ALLOC_TOP=40 to list more functions)
import { Session } from "node:inspector/promises";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runAudit } from "../src/core/audit/engine.js";
import { ALL_CHECKS } from "../src/core/checks/registry.js";
import type { ClusterSnapshot } from "../src/core/snapshot/types.js";
import { FULL_SCALE, generateCluster } from "./synthetic-cluster.js";

interface SamplingNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: SamplingNode[];
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TOP = Number(process.env["ALLOC_TOP"] ?? 25);

// A fresh copy per audit, as the audit of a file would get: the audit must not see
// what an earlier audit derived.
const text = JSON.stringify(generateCluster(FULL_SCALE));
const fresh = () => JSON.parse(text) as ClusterSnapshot;
const audit = (snapshot: ClusterSnapshot) =>
  runAudit(snapshot, { environment: "bench", checks: ALL_CHECKS, clock: () => new Date("2026-11-27T00:00:00Z") });

// Two unmeasured audits, so the profile shows the audit's own allocation rather than warm-up.
audit(fresh());
audit(fresh());

const snapshot = fresh();
const session = new Session();
session.connect();
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 4096,
  includeObjectsCollectedByMinorGC: true,
  includeObjectsCollectedByMajorGC: true,
});
const report = audit(snapshot);
const { profile } = await session.post("HeapProfiler.stopSampling");
session.disconnect();

// Builtins (Array.prototype.push, Map.prototype.set...) are charged to the source function that called them.
const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
const ours = (url: string) => url.startsWith("file://") && !url.includes("/node_modules/");
function walk(node: SamplingNode, owner: { file: string; fn: string }): void {
  const { url, functionName } = node.callFrame;
  const here = ours(url) ? { file: relative(ROOT, fileURLToPath(url)), fn: functionName || "(anonymous)" } : owner;
  total += node.selfSize;
  if (node.selfSize > 0) {
    byFile.set(here.file, (byFile.get(here.file) ?? 0) + node.selfSize);
    const key = `${here.file} ${here.fn}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
  }
  for (const child of node.children) walk(child, here);
}
walk((profile as unknown as { head: SamplingNode }).head, { file: "(outside the audit)", fn: "" });

const mb = (bytes: number) => (bytes / 1e6).toFixed(2).padStart(7);
const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP);
console.log("MB by source file:");
for (const [file, bytes] of top(byFile)) console.log(`${mb(bytes)}  ${file}`);
console.log("MB by function (file, function):");
for (const [fn, bytes] of top(byFunction)) console.log(`${mb(bytes)}  ${fn}`);
console.log(`alloc: ${snapshot.objects.length} objects, ${(total / 1e6).toFixed(1)} MB allocated by one audit, ${report.findings.length} findings`);
