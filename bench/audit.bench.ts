// bench:audit — generate a synthetic cluster to JSON, then measure in one run:
// JSON.parse of the file, the audit of the parsed snapshot, the same at half size,
// and peak RSS. The audit should cost no more than parsing its input.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runAudit } from "../src/core/audit/engine.js";
import { ALL_CHECKS } from "../src/core/checks/registry.js";
import type { ClusterSnapshot } from "../src/core/snapshot/types.js";
import { FULL_SCALE, generateCluster, halfScale } from "./synthetic-cluster.js";

const dir = join(process.cwd(), ".bench");
mkdirSync(dir, { recursive: true });

function writeCluster(name: string, scale = FULL_SCALE): string {
  const path = join(dir, name);
  const snapshot = generateCluster(scale);
  writeFileSync(path, JSON.stringify({ apiVersion: "harden.dev/v1", kind: "HardenSnapshot", ...snapshot }));
  return path;
}

// Wall time is what the targets are stated in; CPU time of the process (GC threads
// included) is printed beside it because other processes share the machine.
function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function measure(path: string, rounds: number) {
  const text = readFileSync(path, "utf8");
  const parses: number[] = [];
  const audits: number[] = [];
  const auditCpus: number[] = [];
  let objects = 0;
  let findings = 0;
  for (let i = 0; i < rounds; i++) {
    gc();
    const parsed = time(() => JSON.parse(text) as ClusterSnapshot);
    parses.push(parsed.ms);
    objects = parsed.value.objects.length;
    gc();
    const audited = time(() => runAudit(parsed.value, { environment: "bench", checks: ALL_CHECKS, clock: () => new Date("2026-11-27T00:00:00Z") }));
    audits.push(audited.ms);
    auditCpus.push(audited.cpuMs);
    findings = audited.value.findings.length;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { objects, findings, parse: median(parses), audit: median(audits), auditCpu: median(auditCpus), bytes: text.length };
}

const fullPath = writeCluster("synthetic-full.json");
const halfPath = writeCluster("synthetic-half.json", halfScale(FULL_SCALE));
const rounds = Number(process.env["BENCH_ROUNDS"] ?? 3);
// One unmeasured pass first, so neither size pays for JIT warm-up alone.
measure(halfPath, 1);
const half = measure(halfPath, rounds);
const full = measure(fullPath, rounds);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(`checks: ${ALL_CHECKS.length}; rounds: ${rounds} (medians)`);
for (const [name, m] of [["half", half], ["full", full]] as const) {
  console.log(
    `${name}: ${m.objects} objects, ${(m.bytes / 1e6).toFixed(1)} MB, parse ${m.parse.toFixed(0)} ms, audit ${m.audit.toFixed(0)} ms (cpu ${m.auditCpu.toFixed(0)} ms), ${m.findings} findings`,
  );
}
console.log(
  `audit: ${full.objects} objects, parse ${full.parse.toFixed(0)} ms, audit ${full.audit.toFixed(0)} ms, ratio ${(full.audit / full.parse).toFixed(2)}, scaling ${(full.audit / half.audit).toFixed(2)}, peak RSS ${peakRssMb.toFixed(0)} MB`,
);
