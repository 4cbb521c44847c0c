#!/usr/bin/env node
// `npm run demo`: audit the bundled example cluster into ./data/harden.db (SQLite),
// print the findings table, then the diff against the previous demo run.
// No Slack, no Redis, no cluster needed.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, HARDEN_CONFIG: process.env.HARDEN_CONFIG ?? join(root, "harden.example.yaml") };
const harden = (args) => spawnSync(process.execPath, [join(root, "bin/harden.js"), ...args], { cwd: root, env, stdio: "inherit" });

const audit = harden(["audit", "--env", "example"]);
if (audit.status !== 0) process.exit(audit.status ?? 1);
console.log("\n--- diff against the previous run (`harden diff --env example`) ---");
const diff = harden(["diff", "--env", "example"]);
console.log("\nRun `npm run demo` again to see the history grow: `npx harden history --env example`.");
process.exit(diff.status ?? 0);
