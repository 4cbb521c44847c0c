// bench:ack — how fast the bot acknowledges `/harden audit <env>` over HTTP, next to
// a bare Bolt app whose handler only acks. Signed commands go to 127.0.0.1 at a
// fixed rate (200/s for 10 s after a 10 s warm-up) with Redis live: every command is
// parsed, authorized, enqueued (one BullMQ job each; workers are off, so the queue
// just fills) and written to the audit trail before its ack.
//
// The load generator is open-loop: request i is due at start + i/rate whatever
// happened to earlier ones, and its latency is measured from that due time, so a
// stalled server (or a late generator) shows up as latency instead of hiding as a
// lower send rate (coordinated omission). Each server runs in a child process of
// its own; the generator has this process to itself.
//
// Both servers run side by side and the measured seconds alternate between them in
// slices (ours, bare, bare, ours...), so a noisy minute on a shared machine lands
// on both instead of deciding the ratio.
//
// The warm-up sends each server as many commands as it will be measured with, to
// both at once. A long-running bot is measured in its steady state: after a 2 s
// warm-up V8 was still finishing ~150 optimizing compiles in ours (~90 in the bare
// app) during the measured 10 s, on background threads that take the same two
// cores as the servers and Redis; after 10 s it is ~60 and ~45 (ACK_JIT=1 prints
// them). Both at once, because a server that sat idle through the other's warm-up
// went into its first measured slice cold.
//
// Every command names a different namespace and one of 20 users, so coalescing
// does not turn the run into one job. Keys live under a prefix of their own,
// deleted at the end.
//
//   npm run bench:ack                          (REDIS_URL, default redis://127.0.0.1:6379)
//   ACK_RATE=400 ACK_SECONDS=20 ACK_SLICES=10 npm run bench:ack
//   ACK_WARMUP_SECONDS=2 npm run bench:ack    (a shorter warm-up, 10 s by default: the JIT is then still at work while measured)
//   ACK_DATABASE_URL=postgres://... npm run bench:ack     (the store the trail rows go to; a temp SQLite file by default)
//   ACK_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:ack   (profile the servers)
//   ACK_SERVER_FLAGS=--trace-gc ACK_SHOW_SERVER_OUTPUT=1 npm run bench:ack     (each GC pause of both servers)
//   ACK_ALLOC_PROFILE=1 npm run bench:ack      (KB allocated per command, by package and source file; slows both servers)
//   ACK_JIT=1 npm run bench:ack                (optimizing compiles each server's V8 finished while measured: is the warm-up long enough?)
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PerformanceObserver, constants as perfConstants, performance } from "node:perf_hooks";
import { Session } from "node:inspector/promises";
import { createInterface } from "node:readline";
import * as hdr from "hdr-histogram-js";
import { Redis } from "ioredis";
import { Agent, request } from "undici";
import { stringify } from "yaml";

const ROOT = join(import.meta.dirname, "..");
const SELF = join(import.meta.dirname, "ack.bench.ts");
const RATE = Number(process.env["ACK_RATE"] ?? 200);
const SECONDS = Number(process.env["ACK_SECONDS"] ?? 10);
const WARMUP_SECONDS = Number(process.env["ACK_WARMUP_SECONDS"] ?? SECONDS);
const SLICES = Math.max(1, Number(process.env["ACK_SLICES"] ?? 5));
const JIT = Boolean(process.env["ACK_JIT"]);
const REDIS_URL = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";
const SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";
const BOT_TOKEN = "xoxb-bench-token";
const ENVIRONMENTS = ["prod", "staging", "dev", "qa", "perf"];
const USERS = Array.from({ length: 20 }, (_, i) => `U0BENCH${String(i).padStart(3, "0")}`);

// ---------------------------------------------------------------------------
// Child process: one server under test, announcing its port on stdout.

/**
 * Young- and old-generation GC pauses and CPU time of a server while it is being
 * measured: at this rate a pause lands on a request or two, so the number of
 * scavenges is what moves the p99. The parent writes "start" and "stop" around
 * each measured slice and "report" at the end, on the server's stdin.
 */
function watchGc(): void {
  const totals = { minor: 0, minorMs: 0, minorMax: 0, major: 0, majorMs: 0, cpuMs: 0 };
  let counting = false;
  let cpuAtStart = process.cpuUsage();
  const observer = new PerformanceObserver((list) => {
    if (!counting) return;
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
        totals.minor++;
        totals.minorMs += entry.duration;
        totals.minorMax = Math.max(totals.minorMax, entry.duration);
      } else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
        totals.major++;
        totals.majorMs += entry.duration;
      }
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  const profiling = process.env["ACK_ALLOC_PROFILE"] ? new Session() : undefined;
  profiling?.connect();
  let sampling = false;
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line === "start") {
      counting = true;
      cpuAtStart = process.cpuUsage();
      if (profiling && !sampling) {
        sampling = true;
        void profiling.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
      }
    } else if (line === "stop") {
      const cpu = process.cpuUsage(cpuAtStart);
      totals.cpuMs += (cpu.user + cpu.system) / 1000;
      // GC entries arrive asynchronously: keep counting a moment for the slice's last ones.
      setTimeout(() => (counting = false), 20);
    } else if (line === "report") {
      setTimeout(async () => {
        const allocated = profiling ? allocatedBy(((await profiling.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: SamplingNode } }).profile.head) : undefined;
        process.stdout.write(`GC ${JSON.stringify({ ...totals, ...(allocated ? { allocated } : {}) })}\n`);
      }, 50);
    }
  });
}

interface SamplingNode {
  callFrame: { url: string };
  selfSize: number;
  children: SamplingNode[];
}

/** Bytes allocated by package (node_modules) or by our source file; Node's own code is charged to its caller. */
function allocatedBy(head: SamplingNode): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (node: SamplingNode, owner: string) => {
    const url = node.callFrame.url;
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    const here = pkg ?? (url.startsWith("file://") ? relative(ROOT, fileURLToPath(url)) : owner);
    out[here] = (out[here] ?? 0) + node.selfSize;
    for (const child of node.children) walk(child, here);
  };
  walk(head, "(node)");
  return out;
}

async function serveOurs(): Promise<void> {
  watchGc();
  const { JOB_DEFINITIONS } = await import("../jobs/index.js");
  const { prepare } = await import("../src/main/run-process.js");
  const { createRuntime } = await import("../src/main/runtime.js");
  const prepared = prepare("bot", process.env);
  if (!prepared.ok) throw new Error(prepared.problems.join("\n"));
  const runtime = await createRuntime({ env: prepared.env, config: prepared.config, definitions: JOB_DEFINITIONS, prefix: process.env["BENCH_PREFIX"]! });
  await runtime.start();
  process.stdout.write(`READY ${new URL(runtime.slack!.url()!).port} ${new URL(runtime.health.url()).port}\n`);
  process.once("SIGTERM", () => void runtime.stop().then(() => process.exit(0)));
}

async function serveBare(): Promise<void> {
  watchGc();
  const { App, LogLevel } = await import("@slack/bolt");
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env["SLACK_API_URL"]! },
  });
  app.command("/harden", async ({ ack }) => {
    await ack({ response_type: "ephemeral", text: "ok" });
  });
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as unknown as import("node:http").Server;
  const address = server.address();
  process.stdout.write(`READY ${typeof address === "object" && address ? address.port : 0}\n`);
  process.once("SIGTERM", () => void app.stop().then(() => process.exit(0)));
}

// ---------------------------------------------------------------------------
// Parent: fakes, servers, load, report.

interface GcTotals {
  /** With ACK_ALLOC_PROFILE: bytes allocated during the measured run, by package or source file. */
  allocated?: Record<string, number>;
  minor: number;
  minorMs: number;
  minorMax: number;
  major: number;
  majorMs: number;
  /** CPU time (user + system) the server used during the measured run. */
  cpuMs: number;
}

interface Server {
  child: ChildProcess;
  /** The server's GC and CPU totals, once asked for ("report"). */
  gc: Promise<GcTotals>;
  port: number;
  /** /metrics of ours; the bare app has none. */
  metricsPort?: number;
  /** What the server logged (warn and above), for the report: a quiet run logs nothing. */
  logs: string[];
  /** Between tell(start) and tell(stop). */
  measuring: boolean;
  /** With ACK_JIT: optimizing compiles V8 finished while the server was measured. */
  jitCompiles: number;
}

function startServer(kind: "ours" | "bare", env: NodeJS.ProcessEnv): Promise<Server> {
  const flags = (process.env["ACK_SERVER_FLAGS"] ?? "").split(" ").filter(Boolean);
  if (JIT) flags.push("--trace-opt");
  const child = spawn(process.execPath, [...flags, "--import", "tsx", SELF, "--serve", kind], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const logs: string[] = [];
    let server: Server | undefined;
    let gotGc: (totals: GcTotals) => void = () => {};
    const gc = new Promise<GcTotals>((r) => (gotGc = r));
    lines.on("line", (line) => {
      const m = /^READY (\d+)(?: (\d+))?$/.exec(line);
      if (m) resolve(server = { child, gc, port: Number(m[1]), ...(m[2] ? { metricsPort: Number(m[2]) } : {}), logs, measuring: false, jitCompiles: 0 });
      else if (line.startsWith("GC {")) gotGc(JSON.parse(line.slice(3)) as GcTotals);
      else if (JIT && line.startsWith("[")) {
        // --trace-opt's own lines; a line arrives within a millisecond or so of the compile it reports.
        if (server?.measuring && /^\[completed compiling /.test(line)) server.jitCompiles++;
      } else logs.push(line);
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code} before it was ready`)));
  });
}

/** Starts or stops counting GC and CPU in a server, or asks for the totals. */
function tell(s: Server, what: "start" | "stop" | "report"): void {
  if (what !== "report") s.measuring = what === "start";
  s.child.stdin!.write(`${what}\n`);
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    s.child.once("exit", () => resolve());
    s.child.kill("SIGTERM");
    setTimeout(() => s.child.kill("SIGKILL"), 10_000).unref();
  });
}

function sign(body: string, timestamp: number): Record<string, string> {
  const mac = createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${mac}`, "x-slack-request-timestamp": String(timestamp), "content-type": "application/x-www-form-urlencoded" };
}

/** Signed bodies, built before the clock starts so the generator does nothing but send. */
function commands(count: number, offset: number, responseUrl: string): Array<{ body: string; headers: Record<string, string> }> {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, k) => {
    const i = offset + k;
    const body = new URLSearchParams({
      token: "x",
      team_id: "T0BENCH",
      team_domain: "bench",
      channel_id: "C0BENCH01",
      channel_name: "bench",
      user_id: USERS[i % USERS.length]!,
      user_name: "bench",
      command: "/harden",
      text: `audit ${ENVIRONMENTS[i % ENVIRONMENTS.length]} ns=ns-${i}`,
      api_app_id: "A0BENCH",
      is_enterprise_install: "false",
      response_url: responseUrl,
      trigger_id: `${i}.${now}`,
    }).toString();
    return { body, headers: sign(body, now) };
  });
}

interface RunResult {
  histogram: hdr.Histogram;
  /** Worst latency (ms) of each second of the run, to tell a steady tail from a stall. */
  worstPerSecond: number[];
  errors: number;
  unexpected: string[];
  seconds: number;
}

function emptyRun(): RunResult {
  return { histogram: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 }), worstPerSecond: [], errors: 0, unexpected: [], seconds: 0 };
}

/** Sends `rate * seconds` commands to a server and adds what happened to `into`. */
async function load(port: number, rate: number, seconds: number, offset: number, expect: RegExp, responseUrl: string, into: RunResult = emptyRun()): Promise<RunResult> {
  const count = Math.round(rate * seconds);
  const batch = commands(count, offset, responseUrl);
  const { histogram, unexpected } = into;
  const dispatcher = new Agent({ connections: 512, pipelining: 1, keepAliveTimeout: 30_000 });
  const url = `http://127.0.0.1:${port}/slack/events`;
  const interval = 1000 / rate;
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now() + 20;
  const worstPerSecond = Array.from({ length: Math.ceil(seconds) }, () => 0);
  const record = (due: number) => {
    const latency = performance.now() - due;
    histogram.recordValue(Math.max(1, Math.round(latency * 1000)));
    const second = Math.min(worstPerSecond.length - 1, Math.floor((due - start) / 1000));
    worstPerSecond[second] = Math.max(worstPerSecond[second]!, latency);
  };

  const fire = (i: number, due: number) => {
    const c = batch[i]!;
    inflight.push(
      request(url, { method: "POST", body: c.body, headers: c.headers, dispatcher })
        .then(async (res) => {
          const text = await res.body.text();
          // Measured from when the request was due, not from when it went out.
          record(due);
          if (res.statusCode !== 200) errors++;
          else if (!expect.test(text) && unexpected.length < 3) unexpected.push(text.slice(0, 200));
        })
        .catch(() => {
          record(due);
          errors++;
        }),
    );
  };

  let i = 0;
  while (i < count) {
    const now = performance.now();
    while (i < count && start + i * interval <= now) {
      fire(i, start + i * interval);
      i++;
    }
    if (i < count) await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - performance.now())));
  }
  await Promise.all(inflight);
  await dispatcher.close();
  into.worstPerSecond.push(...worstPerSecond);
  into.errors += errors;
  into.seconds += seconds;
  return into;
}

async function queuedJobs(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    return await redis.zcard(`${prefix}:audit:prioritized`).then(async (p) => p + (await redis.llen(`${prefix}:audit:wait`)));
  } finally {
    redis.disconnect();
  }
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

const ms = (h: hdr.Histogram, p: number) => h.getValueAtPercentile(p) / 1000;
const fmt = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const { startFakeSlackWebApi } = await import("../test/fakes/slack/web-api.js");
  const api = await startFakeSlackWebApi({ botToken: BOT_TOKEN });
  const dir = mkdtempSync(join(tmpdir(), "harden-bench-ack-"));
  const prefix = `harden-bench-${randomBytes(4).toString("hex")}`;
  const configPath = join(dir, "harden.yaml");
  writeFileSync(
    configPath,
    stringify({
      environments: Object.fromEntries(ENVIRONMENTS.map((e) => [e, { kubernetes: { snapshot: join(ROOT, "examples/cluster") }, channel: "C0BENCH01" }])),
      roles: { viewers: { users: USERS } },
    }),
  );
  const env = {
    HARDEN_CONFIG: configPath,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.apiUrl,
    PORT: "0",
    METRICS_PORT: "0",
    HOST: "127.0.0.1",
    REDIS_URL,
    DATABASE_URL: process.env["ACK_DATABASE_URL"] ?? `sqlite:${join(dir, "harden.db")}`,
    LOG_LEVEL: "warn",
    BENCH_PREFIX: prefix,
  };
  const responseUrl = api.responseUrl("bench");
  const servers: Server[] = [];
  try {
    console.log(`bench:ack: ${RATE}/s for ${SECONDS} s per server in ${SLICES} alternating slices (after ${WARMUP_SECONDS} s of warm-up each), Redis ${REDIS_URL.replace(/\/\/[^@]*@/, "//")}, prefix ${prefix}`);
    const ours = await startServer("ours", env);
    servers.push(ours);
    const bare = await startServer("bare", env);
    servers.push(bare);
    const runs = {
      ours: { server: ours, run: emptyRun(), expect: /Queued/ },
      bare: { server: bare, run: emptyRun(), expect: /ok/ },
    };
    // Both at once: see the top of this file.
    await Promise.all(Object.values(runs).map((r) => load(r.server.port, RATE, WARMUP_SECONDS, 0, r.expect, responseUrl)));
    const before = await queuedJobs(prefix);
    const sliceSeconds = SECONDS / SLICES;
    for (let k = 0; k < SLICES; k++) {
      // Ours first in even slices, bare first in odd ones: neither always follows the other.
      for (const r of k % 2 === 0 ? [runs.ours, runs.bare] : [runs.bare, runs.ours]) {
        tell(r.server, "start");
        await load(r.server.port, RATE, sliceSeconds, RATE * (WARMUP_SECONDS + k * sliceSeconds), r.expect, responseUrl, r.run);
        tell(r.server, "stop");
      }
    }
    const jobs = (await queuedJobs(prefix)) - before;
    tell(ours, "report");
    tell(bare, "report");
    const [oursGc, bareGc] = await Promise.all([ours.gc, bare.gc]);
    // Whether the tail was the event loop being blocked (CPU, GC) or waiting on Redis.
    const lag = await fetch(`http://127.0.0.1:${ours.metricsPort}/metrics`).then((r) => r.text());
    const lagOf = (name: string) => Number(new RegExp(`^harden_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, "m").exec(lag)?.[1] ?? NaN) * 1000;
    await stopServer(ours);
    await stopServer(bare);
    const oursRun = runs.ours.run;
    const bareRun = runs.bare.run;

    for (const [name, r, gc, server] of [["harden", oursRun, oursGc, ours], ["bare bolt", bareRun, bareGc, bare]] as const) {
      console.log(
        `${name.padEnd(9)} n=${r.histogram.totalCount} errors=${r.errors} p50 ${fmt(ms(r.histogram, 50))} ms, p90 ${fmt(ms(r.histogram, 90))} ms, p99 ${fmt(ms(r.histogram, 99))} ms, p99.9 ${fmt(ms(r.histogram, 99.9))} ms, max ${fmt(r.histogram.maxValue / 1000)} ms`,
      );
      console.log(`${"".padEnd(9)} worst per measured second: ${r.worstPerSecond.map((w) => w.toFixed(0)).join(" ")} ms`);
      console.log(
        `${"".padEnd(9)} CPU ${fmt(gc.cpuMs / r.histogram.totalCount)} ms per command; GC while measured: ${gc.minor} scavenges (${fmt(gc.minorMs)} ms, longest ${fmt(gc.minorMax)} ms), ${gc.major} mark-compacts (${fmt(gc.majorMs)} ms)`,
      );
      if (JIT) console.log(`${"".padEnd(9)} JIT: ${server.jitCompiles} optimizing compiles finished while measured`);
      if (gc.allocated) {
        const perCommand = (bytes: number) => (bytes / r.histogram.totalCount / 1024).toFixed(1);
        const total = Object.values(gc.allocated).reduce((a, b) => a + b, 0);
        const top = Object.entries(gc.allocated).sort((a, b) => b[1] - a[1]).slice(0, 14);
        console.log(`${"".padEnd(9)} allocated per command: ${perCommand(total)} KB; ${top.map(([k, v]) => `${k} ${perCommand(v)}`).join(", ")}`);
      }
      for (const u of r.unexpected) console.log(`  unexpected answer: ${u}`);
    }
    const logged = ours.logs.filter((l) => l.startsWith("{"));
    if (logged.length > 0) console.log(`harden logged ${logged.length} lines at warn or above, e.g. ${logged[0]!.slice(0, 300)}`);
    if (process.env["ACK_SHOW_SERVER_OUTPUT"])
      for (const [name, s] of [["harden", ours], ["bare", bare]] as const) for (const l of s.logs.filter((x) => !x.startsWith("{"))) console.log(`  ${name}: ${l}`);
    console.log(`harden event loop delay since start: p99 ${fmt(lagOf("p99"))} ms, max ${fmt(lagOf("max"))} ms`);
    console.log(`jobs enqueued during the measured ${SECONDS} s: ${jobs} of ${oursRun.histogram.totalCount} commands`);
    const ratio = ms(oursRun.histogram, 99) / ms(bareRun.histogram, 99);
    console.log(
      `ack: p50 ${fmt(ms(oursRun.histogram, 50))} ms, p99 ${fmt(ms(oursRun.histogram, 99))} ms, bare p50 ${fmt(ms(bareRun.histogram, 50))} ms, bare p99 ${fmt(ms(bareRun.histogram, 99))} ms, ratio p99 ${ratio.toFixed(2)}, jobs/s ${(jobs / SECONDS).toFixed(1)}`,
    );
  } finally {
    for (const s of servers) await stopServer(s);
    await deleteKeys(prefix);
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const serveIndex = process.argv.indexOf("--serve");
if (serveIndex !== -1) {
  const kind = process.argv[serveIndex + 1];
  await (kind === "bare" ? serveBare() : serveOurs());
} else {
  await main();
}
