// The only place the CLI reads process.env: config file location, database URL,
// Redis URL. Everything downstream receives plain values.
import { existsSync, readFileSync } from "node:fs";
import { parseConfig, type HardenConfig } from "../core/config/schema.js";

export const DEFAULT_DATABASE_URL = "sqlite:./data/harden.db";

export interface RuntimeEnv {
  configPath: string;
  /** True when the path came from HARDEN_CONFIG or --config: then it must exist. */
  configExplicit: boolean;
  databaseUrl: string;
  redisUrl: string;
}

export function readRuntimeEnv(overrides: { config?: string; db?: string } = {}): RuntimeEnv {
  const fromEnv = process.env["HARDEN_CONFIG"];
  return {
    configPath: overrides.config ?? fromEnv ?? "./harden.yaml",
    configExplicit: overrides.config !== undefined || fromEnv !== undefined,
    databaseUrl: overrides.db ?? process.env["DATABASE_URL"] ?? DEFAULT_DATABASE_URL,
    redisUrl: process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379",
  };
}

/** Loads the config when present; a missing default file is fine, a missing explicit one is not. */
export function loadConfigFile(env: RuntimeEnv): HardenConfig | undefined {
  if (!existsSync(env.configPath)) {
    if (env.configExplicit) throw new Error(`config file ${env.configPath} does not exist`);
    return undefined;
  }
  return parseConfig(readFileSync(env.configPath, "utf8"), env.configPath);
}
