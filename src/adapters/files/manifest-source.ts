// Reads manifests from a file, a folder (recursively, in name order), or stdin
// (`-`), so `helm template ... | harden audit --file -` works.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { snapshotFromManifests } from "../../core/snapshot/build.js";
import { InputError } from "../../core/errors.js";
import { ManifestError, parseManifestText, type ParsedManifests } from "../../core/snapshot/parse.js";
import type { ClusterSnapshot } from "../../core/snapshot/types.js";

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else if (MANIFEST_EXT.test(entry.name)) out.push(p);
  }
  return out;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

export interface ReadManifestOptions {
  knownKinds?: ReadonlySet<string>;
  stdin?: NodeJS.ReadableStream;
  now?: Date;
}

export async function readManifests(path: string, options: ReadManifestOptions = {}): Promise<ClusterSnapshot> {
  const parts: ParsedManifests[] = [];
  const parse = (text: string, name: string) => {
    try {
      parts.push(parseManifestText(text, name));
    } catch (err) {
      if (err instanceof ManifestError) throw new InputError(err.message);
      throw err;
    }
  };
  if (path === "-") {
    parse(await readStdin(options.stdin ?? process.stdin), "<stdin>");
  } else {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new InputError(`${path}: no such file or directory`);
    }
    const files = stat.isDirectory() ? listFiles(path) : [path];
    if (stat.isDirectory() && files.length === 0) throw new InputError(`${path}: folder holds no .yaml, .yml or .json files`);
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, "utf8");
      } catch (err) {
        throw new InputError(`${f}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
      }
      parse(text, stat.isDirectory() ? relative(process.cwd(), f) || f : f);
    }
  }
  return snapshotFromManifests(parts, {
    description: path === "-" ? "stdin" : `files ${path}`,
    capturedAt: (options.now ?? new Date()).toISOString(),
    ...(options.knownKinds ? { knownKinds: options.knownKinds } : {}),
  });
}
