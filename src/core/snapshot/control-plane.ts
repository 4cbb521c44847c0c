// Control-plane components run as static (mirror) pods on kubeadm-style clusters,
// and sometimes as Deployments/DaemonSets (self-hosted or hosted control planes).
// Their flags can sit in `command` or `args`, as `--flag=value` or `--flag value`,
// inside `sh -c` scripts, or (etcd) in ETCD_* environment variables; list flags may
// repeat. Everything here normalises that once, so flag rules read as data.
import type { Container, EnvVar } from "./k8s-types.js";
import type { SnapshotIndex } from "./index.js";
import type { KubeObject } from "./types.js";
import type { Workload } from "./workloads.js";
import { memoizeBy } from "../memo.js";
import { pushTo } from "../collections.js";

export type ControlPlaneComponent = "kube-apiserver" | "etcd" | "kube-controller-manager" | "kube-scheduler";

export const CONTROL_PLANE_COMPONENTS: readonly ControlPlaneComponent[] = [
  "kube-apiserver",
  "etcd",
  "kube-controller-manager",
  "kube-scheduler",
];

/** Binaries whose flags harden reads: the control plane plus a kubelet run from a pod manifest. */
export type ComponentBinary = ControlPlaneComponent | "kubelet";

const BINARIES: readonly ComponentBinary[] = [...CONTROL_PLANE_COMPONENTS, "kubelet"];
const BINARY_SET: ReadonlySet<string> = new Set(BINARIES);

// hyperkube (Kubernetes < 1.19, Typhoon, old Rancher) dispatches on its first argument.
const HYPERKUBE_SUBCOMMANDS: Record<string, ComponentBinary> = {
  "kube-apiserver": "kube-apiserver",
  apiserver: "kube-apiserver",
  "kube-controller-manager": "kube-controller-manager",
  "controller-manager": "kube-controller-manager",
  "kube-scheduler": "kube-scheduler",
  scheduler: "kube-scheduler",
  kubelet: "kubelet",
};

// Go's pflag never lets a boolean flag consume the next word: `--profiling false`
// means profiling=true plus a stray positional argument.
const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  "allow-privileged",
  "anonymous-auth",
  "authentication-token-webhook",
  "auto-tls",
  "client-cert-auth",
  "enable-bootstrap-token-auth",
  "kubelet-https",
  "make-iptables-util-chains",
  "peer-auto-tls",
  "peer-client-cert-auth",
  "profiling",
  "protect-kernel-defaults",
  "rotate-certificates",
  "rotate-server-certificates",
  "seccomp-default",
  "service-account-lookup",
  "use-service-account-credentials",
  "logtostderr",
]);

export interface ComponentFlags {
  /** Every value given for a flag, in order; a bare `--flag` records "true". */
  readonly values: ReadonlyMap<string, string[]>;
  has(flag: string): boolean;
  /** The effective (last) value, as the Go flag package would use it. */
  get(flag: string): string | undefined;
  /** Comma-separated list flags as a set, merged over repeats. */
  set(flag: string): Set<string>;
}

function flagsFrom(values: Map<string, string[]>): ComponentFlags {
  return {
    values,
    has: (flag) => values.has(flag),
    get: (flag) => values.get(flag)?.at(-1),
    set: (flag) =>
      new Set(
        (values.get(flag) ?? [])
          .flatMap((v) => v.split(","))
          .map((v) => v.trim())
          .filter(Boolean),
      ),
  };
}

export function parseFlags(argv: readonly string[]): ComponentFlags {
  const values = new Map<string, string[]>();
  const push = (k: string, v: string) => {
    pushTo(values, k, v);
  };
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === "--") break;
    if (!tok.startsWith("-") || tok === "-") continue;
    const body = tok.replace(/^--?/, "");
    const eq = body.indexOf("=");
    if (eq >= 0) {
      push(body.slice(0, eq), body.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (!BOOLEAN_FLAGS.has(body) && next !== undefined && !next.startsWith("-")) {
      push(body, next);
      i++;
    } else {
      push(body, "true");
    }
  }
  return flagsFrom(values);
}

/**
 * Splits a shell script into words per simple command. Handles quotes, escapes,
 * comments and the operators that separate commands; it is not a shell, but
 * control-plane wrappers (`exec kube-apiserver --a=b "$@"`) need no more.
 */
export function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === "\\") {
      const n = script[i + 1];
      i++;
      if (n === "\n" || n === undefined) continue; // line continuation
      word += n;
      inWord = true;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end < 0 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < script.length && script[i] !== '"'; i++) {
        if (script[i] === "\\" && i + 1 < script.length && '"\\$`'.includes(script[i + 1]!)) i++;
        word += script[i];
      }
    } else if (c === "#" && !inWord) {
      while (i < script.length && script[i] !== "\n") i++;
      endCommand();
    } else if (c === ";" || c === "\n" || c === "&" || c === "|") {
      endCommand();
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "ash", "dash", "zsh", "busybox"]);
// Words that run the next word as the command (`exec kube-apiserver`, `env A=b etcd`).
const PREFIX_WORDS: ReadonlySet<string> = new Set(["exec", "env", "nice", "nohup", "command", "tini", "dumb-init", "--"]);

const basename = (p: string) => p.split("/").at(-1) ?? p;
const MENTIONS_BINARY = /kube-apiserver|etcd|kube-controller-manager|kube-scheduler|kubelet|hyperkube/;

function binaryOf(argv: readonly string[]): { binary: ComponentBinary; args: string[] } | undefined {
  let i = 0;
  while (i < argv.length) {
    const w = argv[i]!;
    if (PREFIX_WORDS.has(basename(w)) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else break;
  }
  const first = argv[i];
  if (first === undefined) return undefined;
  const base = basename(first);
  if (BINARY_SET.has(base)) return { binary: base as ComponentBinary, args: argv.slice(i + 1) };
  if (base === "hyperkube") {
    const sub = HYPERKUBE_SUBCOMMANDS[argv[i + 1] ?? ""];
    if (sub) return { binary: sub, args: argv.slice(i + 2) };
  }
  return undefined;
}

/** Expands `$(VAR)` from literal env values, as the kubelet does for command and args. */
function expandVars(tok: string, env: readonly EnvVar[] | undefined): string {
  if (!tok.includes("$(") || !env) return tok;
  return tok.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => {
    const v = env.find((e) => e.name === name);
    return v?.value !== undefined ? v.value : whole;
  });
}

/**
 * The words a container really executes. Shell wrappers are unwrapped to the
 * simple command that runs a known binary. A single list item holding several
 * flags (`"--a=b --c=d"`) is split: the runtime would pass it as one argument,
 * but hand-written manifests mean two flags, and hiding the second would hide a risk.
 */
export function containerArgv(container: Container): string[] {
  const raw = [...(container.command ?? []), ...(container.args ?? [])].map((t) => expandVars(t, container.env));
  const shell = raw[0] !== undefined && SHELLS.has(basename(raw[0]));
  if (shell) {
    const c = raw.findIndex((t, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(t));
    const script = c > 0 ? raw[c + 1] : undefined;
    if (script !== undefined) {
      const positional = raw.slice(c + 3); // after the script and $0
      for (const words of shellCommands(script)) {
        if (binaryOf(words)) {
          const withArgs = words.flatMap((w) => (w === "$@" || w === "${@}" ? positional : [w]));
          return withArgs;
        }
      }
      return raw;
    }
  }
  const out: string[] = [];
  for (const t of raw) {
    if (/\s/.test(t) && /(^|\s)--?\w/.test(t)) out.push(...t.split(/\s+/).filter(Boolean));
    else out.push(t);
  }
  return out;
}

function imageBinary(image: string | undefined): ComponentBinary | undefined {
  if (!image) return undefined;
  const name = basename(image.split("@")[0]!.replace(/:[^/]*$/, "")).replace(/-(amd64|arm64|arm|ppc64le|s390x)$/, "");
  return BINARY_SET.has(name) ? (name as ComponentBinary) : undefined;
}

/**
 * Which binary a container runs. The executed command decides; only a container
 * without `command` (image entrypoint) falls back to its image, its name and the
 * pod's `component` label, because a label can lie while the argv cannot.
 */
const noWords = (list: readonly string[] | null | undefined): boolean => list === undefined || list === null || (Array.isArray(list) && list.length === 0);

export function binaryOfContainer(
  container: Container,
  podLabels: Record<string, string> = {},
  binaryOfImage: (image: string | undefined) => ComponentBinary | undefined = imageBinary,
): ComponentBinary | undefined {
  const hasCommand = (container.command ?? []).length > 0;
  // Cheap screen first: audits walk every container of tens of thousands of pods.
  if (hasCommand && !container.command!.some((t) => MENTIONS_BINARY.test(t)) && !(container.args ?? []).some((t) => MENTIONS_BINARY.test(t)))
    return undefined;
  // Most containers run their image's entrypoint: no words to read.
  const noArgv = noWords(container.command) && noWords(container.args);
  const fromArgv = noArgv ? undefined : binaryOf(containerArgv(container));
  if (fromArgv) return fromArgv.binary;
  if (hasCommand) return undefined;
  const byImage = binaryOfImage(container.image);
  if (byImage) return byImage;
  if (BINARY_SET.has(container.name)) return container.name as ComponentBinary;
  const label = podLabels["component"] ?? podLabels["k8s-app"];
  return label && BINARY_SET.has(label) ? (label as ComponentBinary) : undefined;
}

/** etcd also reads ETCD_<FLAG> variables; flags win over them, as etcd itself does. */
function etcdEnvArgs(container: Container): string[] {
  const out: string[] = [];
  for (const e of container.env ?? []) {
    if (!e.name.startsWith("ETCD_") || e.value === undefined) continue;
    const flag = e.name.slice("ETCD_".length).toLowerCase().replace(/_/g, "-");
    out.push(`--${flag}=${e.value}`);
  }
  return out;
}

/** Flags a container passes to the binary it runs. */
export function flagsOfContainer(container: Container, binary?: ComponentBinary): ComponentFlags {
  const argv = containerArgv(container);
  const found = binaryOf(argv);
  const args = found ? found.args : argv.slice((container.command ?? []).length > 0 ? 1 : 0);
  const which = binary ?? found?.binary;
  return parseFlags(which === "etcd" ? [...etcdEnvArgs(container), ...args] : args);
}

function podContainers(pod: KubeObject): Container[] {
  const spec = (pod as { spec?: { containers?: Container[] } }).spec;
  return spec?.containers ?? [];
}

/** Which control-plane component a pod runs, from its containers (binary first), then its labels and name. */
export function componentOfPod(pod: KubeObject): ControlPlaneComponent | undefined {
  if (pod.kind !== "Pod") return undefined;
  const labels = pod.metadata.labels ?? {};
  for (const c of podContainers(pod)) {
    const b = binaryOfContainer(c, labels);
    if (b && b !== "kubelet") return b;
  }
  const label = labels["component"] ?? labels["k8s-app"];
  if (label && (CONTROL_PLANE_COMPONENTS as readonly string[]).includes(label)) return label as ControlPlaneComponent;
  for (const c of CONTROL_PLANE_COMPONENTS) {
    if (pod.metadata.name === c || pod.metadata.name.startsWith(`${c}-`)) return c;
  }
  return undefined;
}

/** Flags of the component's main container (the one whose binary, else name, matches). */
export function flagsOfPod(pod: KubeObject, component: ControlPlaneComponent): ComponentFlags {
  const labels = pod.metadata.labels ?? {};
  const containers = podContainers(pod);
  const main =
    containers.find((c) => binaryOfContainer(c, labels) === component) ??
    containers.find((c) => c.name === component) ??
    containers[0];
  return main ? flagsOfContainer(main, component) : parseFlags([]);
}

/** One running copy of a component: the owner-level workload, the container and its flags. */
export interface ComponentInstance {
  binary: ComponentBinary;
  workload: Workload;
  container: Container;
  flags: ComponentFlags;
}

export type ComponentInstances = ReadonlyMap<ComponentBinary, readonly ComponentInstance[]>;

/**
 * Every component found in the snapshot's workloads, computed once per audit.
 * API server, controller manager, scheduler and kubelet binaries are judged
 * wherever they run (hosted control planes live outside kube-system). etcd is
 * common as an application database too, so only an etcd in kube-system or beside
 * an API server counts as the cluster's etcd.
 */
export const componentInstances = memoizeBy((index: SnapshotIndex): ComponentInstances => {
  const found: ComponentInstance[] = [];
  // Tens of thousands of containers run a few hundred images: read each image once.
  const byImage = new Map<string | undefined, ComponentBinary | undefined>();
  const binaryOfImage = (image: string | undefined) => {
    if (byImage.has(image)) return byImage.get(image);
    const binary = imageBinary(image);
    byImage.set(image, binary);
    return binary;
  };
  for (const w of index.workloads()) {
    for (const ec of w.containers) {
      if (ec.type !== "container") continue;
      const binary = binaryOfContainer(ec.container, w.podLabels, binaryOfImage);
      if (binary) found.push({ binary, workload: w, container: ec.container, flags: flagsOfContainer(ec.container, binary) });
    }
  }
  const apiServerNamespaces = new Set(found.filter((f) => f.binary === "kube-apiserver").map((f) => f.workload.namespace));
  const byBinary = new Map<ComponentBinary, ComponentInstance[]>();
  for (const f of found) {
    if (f.binary === "etcd" && f.workload.namespace !== "kube-system" && !apiServerNamespaces.has(f.workload.namespace)) continue;
    pushTo(byBinary, f.binary, f);
  }
  return byBinary;
});
