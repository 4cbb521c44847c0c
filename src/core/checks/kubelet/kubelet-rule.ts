// One kubelet setting is readable two ways: from the node's /configz (the
// effective KubeletConfiguration, flags already merged) and from the argv of a
// kubelet run by a pod manifest (how Checkov's fixtures express it). A field
// names both spellings and what each means when absent; tests judge the value.
import type { ComponentFlags } from "../../snapshot/control-plane.js";
import type { References, Severity } from "../types.js";

export type Scalar = string | number | boolean;

export interface KubeletField {
  /** Dotted path under the /configz `kubeletconfig` object. */
  config: string;
  /**
   * What an absent configz field means: configz serialises the v1beta1 type, which
   * omits zero values (readOnlyPort 0, protectKernelDefaults false) while defaulted
   * pointer fields are always present.
   */
  configAbsent: Scalar | undefined;
  flag: string;
  /** The command-line default when neither the flag nor a --config file sets it. */
  flagDefault: Scalar | undefined;
  /** For `--feature-gates`: the gate this field reads. */
  gate?: string;
}

export type KubeletTest =
  | { field: KubeletField; op: "eq" | "notEq"; value: Scalar }
  | { field: KubeletField; op: "nonEmpty" }
  | { field: KubeletField; op: "gt"; value: number }
  | { field: KubeletField; op: "durationNonZero" }
  | { all: KubeletTest[] }
  | { any: KubeletTest[] };

export interface KubeletExample {
  /** A fragment of the /configz `kubeletconfig` object. */
  config?: Record<string, unknown>;
  /** kubelet command-line flags, for a pod that runs the kubelet. */
  flags?: string[];
}

export interface KubeletRule {
  id: string;
  title: string;
  severity: Severity;
  references: References;
  description: string;
  remediation: string;
  test: KubeletTest;
  examples: { pass: KubeletExample[]; fail: KubeletExample[] };
}

export type Verdict = { status: "pass" | "fail" | "unknown"; detail: string };

/** Where values come from: a configz object or a kubelet argv. */
export interface KubeletSource {
  kind: "configz" | "flags";
  /** The value and how to name it in a message; `undefined` value means host-only. */
  read(field: KubeletField): { value: Scalar | undefined; shown: string; hostOnly?: string };
}

// A few dozen field paths, read on every node by every kubelet rule: split each once.
const pathParts = new Map<string, readonly string[]>();

function getPath(obj: Record<string, unknown>, path: string): unknown {
  let parts = pathParts.get(path);
  if (parts === undefined) pathParts.set(path, (parts = path.split(".")));
  let cur: unknown = obj;
  for (const part of parts) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function configzSource(config: Record<string, unknown>): KubeletSource {
  return {
    kind: "configz",
    read(field) {
      const raw = getPath(config, field.config);
      const present = typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean";
      const value = present ? (raw as Scalar) : field.configAbsent;
      const text = value === undefined || value === "" ? `${field.config} is not set` : `${field.config}=${String(value)}`;
      return { value, shown: `${text}${present || value === "" ? "" : " (omitted from /configz)"}` };
    },
  };
}

function featureGates(text: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of (text ?? "").split(",")) {
    const [k, v] = pair.split("=");
    if (k && v !== undefined) m.set(k.trim(), v.trim());
  }
  return m;
}

export function flagSource(flags: ComponentFlags): KubeletSource {
  return {
    kind: "flags",
    read(field) {
      const given = field.gate ? featureGates(flags.get(field.flag)).get(field.gate) : flags.get(field.flag);
      const name = field.gate ? `--${field.flag} ${field.gate}` : `--${field.flag}`;
      if (given !== undefined) return { value: given, shown: `${name}=${given}` };
      if (flags.has("config")) {
        return { value: undefined, shown: `${name} is not set`, hostOnly: `--config=${flags.get("config")}` };
      }
      const d = field.flagDefault;
      return { value: d, shown: d === undefined || d === "" ? `${name} is not set` : `${name} defaults to ${String(d)}` };
    },
  };
}

/** Go durations ("4h0m0s", "5m", "0s"); a bare "0" is zero too. */
export function durationSeconds(text: string): number | undefined {
  const t = text.trim();
  if (/^0+$/.test(t)) return 0;
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    total += Number(m[1]) * units[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === t.length && t.length > 0 ? total : undefined;
}

const norm = (v: Scalar) => String(v).trim().toLowerCase();

export function evaluateKubeletTest(test: KubeletTest, source: KubeletSource): Verdict {
  if ("all" in test) {
    const parts = test.all.map((t) => evaluateKubeletTest(t, source));
    const failed = parts.filter((p) => p.status === "fail");
    if (failed.length) return { status: "fail", detail: failed.map((p) => p.detail).join("; ") };
    const unk = parts.filter((p) => p.status === "unknown");
    if (unk.length) return { status: "unknown", detail: unk.map((p) => p.detail).join("; ") };
    return { status: "pass", detail: parts.map((p) => p.detail).join("; ") };
  }
  if ("any" in test) {
    const parts = test.any.map((t) => evaluateKubeletTest(t, source));
    return (
      parts.find((p) => p.status === "pass") ??
      parts.find((p) => p.status === "unknown") ?? { status: "fail", detail: parts.map((p) => p.detail).join(" and ") }
    );
  }
  const { value, shown, hostOnly } = source.read(test.field);
  if (value === undefined && hostOnly) {
    return { status: "unknown", detail: `${shown}; ${hostOnly} may set it in a file only the host can read` };
  }
  const verdict = (ok: boolean): Verdict => ({ status: ok ? "pass" : "fail", detail: shown });
  switch (test.op) {
    case "eq":
      return verdict(value !== undefined && norm(value) === norm(test.value));
    case "notEq":
      return verdict(value === undefined || norm(value) !== norm(test.value));
    case "nonEmpty":
      return verdict(value !== undefined && String(value).trim() !== "");
    case "gt": {
      const n = value === undefined ? NaN : Number(value);
      return verdict(Number.isFinite(n) && n > test.value);
    }
    case "durationNonZero": {
      if (value === undefined) return verdict(false);
      const s = typeof value === "number" ? value : durationSeconds(String(value));
      if (s === undefined) return { status: "unknown", detail: `${shown} is not a duration harden can read` };
      return verdict(s > 0);
    }
  }
}
