// bench:audit-live — the same synthetic cluster, read through the live source from a
// local fake Kubernetes API server (page size 500) and audited, next to the audit of
// the file snapshot. Shows what paging and HTTP cost on top of the audit itself.
import { runAudit } from "../src/core/audit/engine.js";
import { ALL_CHECKS, requiredKinds } from "../src/core/checks/registry.js";
import { createLiveClusterReader } from "../src/adapters/kube/live-reader.js";
import { startFakeKubeApi } from "../test/fakes/kube-api-server.js";
import { FULL_SCALE, generateCluster } from "./synthetic-cluster.js";

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const clock = () => new Date("2026-11-27T00:00:00Z");

const snapshot = generateCluster(FULL_SCALE);
const kubeletConfigs = Object.fromEntries(Object.entries(snapshot.kubeletConfigs).map(([n, e]) => [n, e.config ?? {}]));
const api = await startFakeKubeApi({ objects: snapshot.objects, kubeletConfigs, version: { gitVersion: "v1.31.4", major: "1", minor: "31" } });
try {
  let t0 = process.hrtime.bigint();
  const fileReport = runAudit(JSON.parse(JSON.stringify(snapshot)), { environment: "file", checks: ALL_CHECKS, clock });
  const fileMs = ms(t0);

  const reader = createLiveClusterReader({ kubeconfigPath: api.kubeconfigPath, context: api.context, pageSize: 500 });
  t0 = process.hrtime.bigint();
  const live = await reader.readSnapshot({ kinds: requiredKinds(), configz: true });
  const readMs = ms(t0);
  t0 = process.hrtime.bigint();
  const liveReport = runAudit(live, { environment: "live", checks: ALL_CHECKS, clock });
  const liveAuditMs = ms(t0);
  const lists = api.requests.filter((r) => r.method === "GET" && !r.path.includes("/proxy/")).length;
  console.log(`requests: ${api.requests.length} (${lists} list/discovery GETs, page size 500), max in flight ${api.maxInFlight()}`);
  console.log(`objects: file ${snapshot.objects.length}, live ${live.objects.length}; results: file ${fileReport.findings.length}, live ${liveReport.findings.length}`);
  console.log(
    `audit-live: ${live.objects.length} objects, live read ${readMs.toFixed(0)} ms + audit ${liveAuditMs.toFixed(0)} ms = ${(readMs + liveAuditMs).toFixed(0)} ms, file audit ${fileMs.toFixed(0)} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
} finally {
  await api.close();
}
