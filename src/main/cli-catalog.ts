import { ALL_CHECKS, findCheck } from "../core/checks/registry.js";
import { closest } from "../core/text/closest.js";
import { EXIT, painter, UsageError } from "./cli-output.js";

export async function checksCommand(format: string): Promise<number> {
  if (format === "json") {
    const list = ALL_CHECKS.map((c) => ({
      id: c.id,
      title: c.title,
      severity: c.severity,
      category: c.category,
      needs: c.needs,
      references: c.references,
      fixable: c.fix !== undefined,
      description: c.description,
      remediation: c.remediation,
    }));
    process.stdout.write(JSON.stringify(list, null, 2) + "\n");
    return EXIT.ok;
  }
  const paint = painter(process.stdout);
  const idWidth = Math.max(...ALL_CHECKS.map((c) => c.id.length));
  const sorted = [...ALL_CHECKS].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
  let category = "";
  for (const c of sorted) {
    if (c.category !== category) {
      category = c.category;
      process.stdout.write(`\n${paint("bold", category)}\n`);
    }
    const refs = Object.values(c.references).flat().filter((r) => !/^K[SC]V\d/.test(r)).slice(0, 5).join(" ");
    process.stdout.write(`  ${c.id.padEnd(idWidth)}  ${c.severity.padEnd(8)}  ${c.title}${refs ? paint("gray", `  [${refs}]`) : ""}\n`);
  }
  process.stdout.write(`\n${ALL_CHECKS.length} checks\n`);
  return EXIT.ok;
}

export async function explainCommand(id: string): Promise<number> {
  const c = findCheck(id);
  if (!c) {
    const hint = closest(id, ALL_CHECKS.map((x) => x.id));
    throw new UsageError(`unknown check "${id}"${hint ? `; did you mean "${hint}"?` : ""}`);
  }
  const refs = Object.entries(c.references)
    .filter(([, v]) => v && v.length > 0)
    .map(([k, v]) => `  ${k}: ${(v as string[]).join(", ")}`);
  process.stdout.write(
    [
      `${c.id}: ${c.title}`,
      `severity ${c.severity}, category ${c.category}, reads ${c.needs.join(", ")}${c.fix ? ", has an automatic fix" : ""}`,
      "",
      c.description,
      "",
      "Remediation:",
      c.remediation,
      ...(refs.length ? ["", "Same criterion elsewhere:", ...refs] : []),
    ].join("\n") + "\n",
  );
  return EXIT.ok;
}
