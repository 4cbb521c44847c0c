// Control-plane components run as static (mirror) pods on kubeadm-style clusters.
// Their flags can sit in `command` or `args`, as `--flag=value` or `--flag value`,
// and list flags may repeat; everything here normalises that once.
import type { Container } from "./k8s-types.js";
import type { KubeObject } from "./types.js";

export type ControlPlaneComponent = "kube-apiserver" | "etcd" | "kube-controller-manager" | "kube-scheduler";

export const CONTROL_PLANE_COMPONENTS: readonly ControlPlaneComponent[] = [
  "kube-apiserver",
  "etcd",
  "kube-controller-manager",
  "kube-scheduler",
];

export interface ComponentFlags {
  /** Every value given for a flag, in order; a bare `--flag` records "true". */
  readonly values: ReadonlyMap<string, string[]>;
  has(flag: string): boolean;
  /** The effective (last) value, as the Go flag package would use it. */
  get(flag: string): string | undefined;
  /** Comma-separated list flags as a set, merged over repeats. */
  set(flag: string): Set<string>;
}

export function parseFlags(argv: readonly string[]): ComponentFlags {
  const values = new Map<string, string[]>();
  const push = (k: string, v: string) => {
    const list = values.get(k) ?? [];
    list.push(v);
    values.set(k, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (!tok.startsWith("-")) continue;
    const body = tok.replace(/^--?/, "");
    const eq = body.indexOf("=");
    if (eq >= 0) {
      push(body.slice(0, eq), body.slice(eq + 1));
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("-")) {
        push(body, next);
        i++;
      } else {
        push(body, "true");
      }
    }
  }
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

/** Splits shell-wrapped commands (`sh -c "kube-apiserver --a=b"`) into tokens as well. */
function tokens(container: Container): string[] {
  const raw = [...(container.command ?? []), ...(container.args ?? [])];
  const out: string[] = [];
  for (const t of raw) {
    if (/\s/.test(t) && /--\w/.test(t)) out.push(...t.split(/\s+/).filter(Boolean));
    else out.push(t);
  }
  return out;
}

function podContainers(pod: KubeObject): Container[] {
  const spec = (pod as { spec?: { containers?: Container[] } }).spec;
  return spec?.containers ?? [];
}

/** Which component a pod runs, from the kubeadm `component` label, its name or its binary. */
export function componentOfPod(pod: KubeObject): ControlPlaneComponent | undefined {
  if (pod.kind !== "Pod") return undefined;
  const label = pod.metadata.labels?.["component"] ?? pod.metadata.labels?.["k8s-app"];
  if (label && (CONTROL_PLANE_COMPONENTS as readonly string[]).includes(label)) return label as ControlPlaneComponent;
  for (const c of CONTROL_PLANE_COMPONENTS) {
    if (pod.metadata.name === c || pod.metadata.name.startsWith(`${c}-`)) return c;
  }
  for (const container of podContainers(pod)) {
    const bin = (container.command ?? [])[0] ?? "";
    const base = bin.split("/").at(-1) ?? "";
    if ((CONTROL_PLANE_COMPONENTS as readonly string[]).includes(base)) return base as ControlPlaneComponent;
  }
  return undefined;
}

/** Flags of the component's main container (the one whose name or binary matches). */
export function flagsOfPod(pod: KubeObject, component: ControlPlaneComponent): ComponentFlags {
  const containers = podContainers(pod);
  const main =
    containers.find((c) => c.name === component) ??
    containers.find((c) => (c.command ?? []).some((t) => t.endsWith(component))) ??
    containers[0];
  return parseFlags(main ? tokens(main) : []);
}
