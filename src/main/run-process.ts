// Start, run until told to stop, stop: the life of `harden serve`, `bot` and
// `worker`. Start-up checks the environment and the config file together and
// prints one line per problem (never a stack, never a secret) so an operator fixes
// everything in one go. SIGTERM and SIGINT stop the process gracefully: Kubernetes
// sends SIGTERM and waits 30 s, the workers' grace is 25 s; a second signal exits at once.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { AnyJobDefinition } from "../../jobs/define.js";
import { ConfigError, parseConfig, type HardenConfig } from "../core/config/schema.js";
import { createSanitizer } from "../adapters/telemetry/sanitize.js";
import { readBotEnv, secretValuesOf, type BotEnv, type ProcessRole } from "./runtime-config.js";
import { createRuntime, type Runtime, type RuntimeOptions } from "./runtime.js";

export const EXIT_CONFIG = 2;
export const EXIT_START = 1;

export type Prepared = { ok: true; env: BotEnv; config: HardenConfig } | { ok: false; problems: string[] };

function configProblems(config: HardenConfig, configPath: string): string[] {
  const problems: string[] = [];
  for (const [name, env] of Object.entries(config.environments)) {
    const k = env.kubernetes;
    if ("snapshot" in k) {
      const path = isAbsolute(k.snapshot) ? k.snapshot : resolve(dirname(configPath), k.snapshot);
      if (!existsSync(path)) problems.push(`${configPath}: environments.${name}.kubernetes.snapshot: ${k.snapshot} does not exist`);
    }
  }
  if (Object.keys(config.environments).length === 0) problems.push(`${configPath}: environments: configure at least one environment`);
  return problems;
}

/** The environment and the config file, every problem of both at once. */
export function prepare(role: ProcessRole, processEnv: NodeJS.ProcessEnv, overrides: { config?: string } = {}): Prepared {
  const problems: string[] = [];
  const read = readBotEnv(role, processEnv, overrides);
  if (!read.ok) problems.push(...read.problems);
  const configPath = overrides.config ?? processEnv["HARDEN_CONFIG"] ?? "./harden.yaml";
  let config: HardenConfig | undefined;
  if (!existsSync(configPath)) {
    problems.push(`no config file at ${configPath}: set HARDEN_CONFIG or pass --config (harden.example.yaml is a start)`);
  } else {
    try {
      config = parseConfig(readFileSync(configPath, "utf8"), configPath);
      problems.push(...configProblems(config, configPath));
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems.map((p) => `${configPath}: ${p}`));
      else problems.push(`${configPath}: cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (problems.length > 0 || !read.ok || !config) return { ok: false, problems };
  return { ok: true, env: read.env, config };
}

export interface RunProcessOptions {
  role: ProcessRole;
  definitions: readonly AnyJobDefinition[];
  config?: string;
  processEnv?: NodeJS.ProcessEnv;
  stderr?: { write(text: string): unknown };
  /** Resolves when the process should stop; SIGTERM/SIGINT by default. */
  stopSignal?: Promise<string>;
  runtime?: Partial<Omit<RuntimeOptions, "env" | "config" | "definitions">>;
  onStarted?: (runtime: Runtime) => void;
}

function signals(): { promise: Promise<string>; dispose(): void } {
  let dispose = () => {};
  const promise = new Promise<string>((resolve) => {
    let count = 0;
    const on = (signal: string) => {
      count++;
      if (count === 1) resolve(signal);
      // A second signal means "now": the graceful stop is taking too long for someone.
      else process.exit(130);
    };
    const term = () => on("SIGTERM");
    const int = () => on("SIGINT");
    process.on("SIGTERM", term);
    process.on("SIGINT", int);
    dispose = () => {
      process.off("SIGTERM", term);
      process.off("SIGINT", int);
    };
  });
  return { promise, dispose: () => dispose() };
}

/** Runs a process role to completion; the exit code. */
export async function runProcess(options: RunProcessOptions): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  const say = (line: string) => stderr.write(`harden ${options.role}: ${line}\n`);
  const prepared = prepare(options.role, options.processEnv ?? process.env, options.config ? { config: options.config } : {});
  if (!prepared.ok) {
    for (const p of prepared.problems) say(p);
    say(`not started: ${prepared.problems.length} problem${prepared.problems.length === 1 ? "" : "s"} above`);
    return EXIT_CONFIG;
  }

  // Start-up errors can quote a URL or a driver message: masked like every log line.
  const clean = createSanitizer(secretValuesOf(prepared.env));
  const sig = options.stopSignal ? undefined : signals();
  let runtime: Runtime | undefined;
  try {
    runtime = await createRuntime({ ...options.runtime, env: prepared.env, config: prepared.config, definitions: options.definitions });
    await runtime.start();
  } catch (err) {
    say(clean(`could not start: ${err instanceof Error ? err.message : String(err)}`));
    await runtime?.stop().catch(() => {});
    sig?.dispose();
    return EXIT_START;
  }
  options.onStarted?.(runtime);
  // A stray rejection (a Redis client closing under a pending command) must not take the
  // bot down mid-shift; it is logged, through the sanitizer, and the process goes on.
  const log = runtime.log;
  const onRejection = (reason: unknown) => log.warn({ err: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason) }, "unhandled rejection");
  if (sig) process.on("unhandledRejection", onRejection);
  const signal = await (options.stopSignal ?? sig!.promise);
  runtime.log.info({ signal }, "stopping");
  await runtime.stop();
  sig?.dispose();
  process.off("unhandledRejection", onRejection);
  return 0;
}
