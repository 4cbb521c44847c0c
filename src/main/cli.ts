// Composition root of the `harden` command line.
import { Command, CommanderError, Option } from "commander";
import { auditCommand, FORMATS } from "./cli-audit.js";
import { checksCommand, explainCommand } from "./cli-catalog.js";
import { diffCommand, historyCommand } from "./cli-history.js";
import { EXIT, reportError } from "./cli-output.js";
import { snapshotCommand } from "./cli-snapshot.js";
import { VERSION } from "./version.js";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command("harden")
    .description("Kubernetes hardening audits, image scans, secret rotation and metric thresholds, from the CLI or Slack.")
    .version(VERSION)
    .option("--config <path>", "config file (default: $HARDEN_CONFIG or ./harden.yaml)")
    .showHelpAfterError("(run `harden --help` for usage)")
    .exitOverride();

  const run = (fn: () => Promise<number>) => async () => setExit(await fn());

  program
    .command("audit")
    .description("audit a cluster, a manifest folder or a snapshot; record the run in the history store")
    .option("--file <path>", "manifest file or folder, a snapshot bundle, or - for stdin")
    .option("--context <ctx>", "kubeconfig context of a live cluster")
    .option("--env <name>", "environment from the config file")
    .option("--namespace <ns>", "only report findings in this namespace")
    .option("--check <id...>", "only run these checks (repeat or comma-separate)", collect)
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("table"))
    .addOption(new Option("--fail-on <severity>", "exit 1 when a failure of this severity or worse is found").choices(["critical", "high", "medium", "low", "info"]))
    .option("--db <url>", "history store (default: $DATABASE_URL or sqlite:./data/harden.db)")
    .option("--no-db", "do not read or record history")
    .option("--include-passed", "list passing results too")
    .option("--no-configz", "do not read kubelet /configz (needs nodes/proxy)")
    .action(function (this: Command) {
      const o = this.opts();
      return run(() => auditCommand({ ...o, format: o["format"], db: o["db"], configz: o["configz"], config: program.opts()["config"] }))();
    });

  program
    .command("checks")
    .description("list the check catalog")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(function (this: Command) {
      return run(() => checksCommand(this.opts()["format"]))();
    });

  program
    .command("explain <check-id>")
    .description("what a check looks for, why, and how to fix it")
    .action((id: string) => run(() => explainCommand(id))());

  program
    .command("history")
    .description("recorded runs of an environment, newest first")
    .requiredOption("--env <name>", "environment name as recorded (`files` and `context:NAME` for ad-hoc audits)")
    .option("--limit <n>", "how many runs", "20")
    .option("--db <url>", "history store")
    .addOption(new Option("--format <format>").choices(["table", "json"]).default("table"))
    .action(function (this: Command) {
      const o = this.opts();
      return run(() => historyCommand({ env: o["env"], limit: Number(o["limit"]), db: o["db"], format: o["format"], config: program.opts()["config"] }))();
    });

  program
    .command("diff [runA] [runB]")
    .description("new, fixed and persisting findings between two runs (default: the newest two)")
    .requiredOption("--env <name>", "environment name as recorded")
    .option("--db <url>", "history store")
    .addOption(new Option("--format <format>").choices(["table", "json"]).default("table"))
    .action(function (this: Command, runA?: string, runB?: string) {
      const o = this.opts();
      return run(() => diffCommand({ env: o["env"], db: o["db"], format: o["format"], runA, runB, config: program.opts()["config"] }))();
    });

  program
    .command("snapshot")
    .description("capture a live cluster as a snapshot bundle on stdout (Secret values dropped)")
    .option("--context <ctx>", "kubeconfig context")
    .option("--in-cluster", "use the pod's service account")
    .option("--no-configz", "do not read kubelet /configz")
    .action(function (this: Command) {
      return run(() => snapshotCommand(this.opts()))();
    });

  // The long-running processes: loaded lazily, so `harden audit` never loads Bolt or BullMQ.
  const processes = [
    ["serve", "run the Slack bot: listener, job workers and schedules in one process", () => import("./serve.js").then((m) => m.serveCommand)],
    ["bot", "run the Slack listener and the schedule sync only (workers run apart)", () => import("./bot.js").then((m) => m.botCommand)],
    ["worker", "run job workers only, on the bot's Redis", () => import("./worker.js").then((m) => m.workerCommand)],
  ] as const;
  for (const [name, description, load] of processes) {
    program
      .command(name)
      .description(`${description}; set up by SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, PORT, METRICS_PORT, REDIS_URL, DATABASE_URL`)
      .action(() =>
        run(async () => {
          const config = program.opts()["config"] as string | undefined;
          return (await load())(config ? { config } : {});
        })(),
      );
  }

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every usage mistake exits 2.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(err);
  }
}
