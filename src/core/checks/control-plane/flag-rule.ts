// The shape of one kube-bench style flag rule, and the small operator set that
// judges a component's flags against it. Rules are data (see *-rules.ts); the
// generator turns each into a check.
import type { ComponentFlags, ControlPlaneComponent } from "../../snapshot/control-plane.js";
import type { Category, References, Severity } from "../types.js";

/**
 * `default` is what the binary uses when the flag is absent; without it an absent
 * flag fails `eq`/`contains`/`gte` tests and passes `notEq`/`notContains`.
 */
export type FlagTest =
  | { op: "set"; flag: string }
  | { op: "notSet"; flag: string }
  | { op: "eq" | "notEq"; flag: string; value: string; default?: string }
  | { op: "contains" | "notContains"; flag: string; value: string; default?: readonly string[] }
  | { op: "gte" | "lte"; flag: string; value: number; default?: number }
  | { op: "httpsUrls"; flag: string }
  /** Effective admission plugins: (defaults ∪ --enable-admission-plugins) − --disable-admission-plugins. */
  | { op: "pluginEnabled" | "pluginNotEnabled"; plugin: string }
  | { all: FlagTest[] }
  | { any: FlagTest[] };

export interface FlagRule {
  id: string;
  component: ControlPlaneComponent;
  title: string;
  severity: Severity;
  category: Category;
  references: References;
  description: string;
  remediation: string;
  test: FlagTest;
  /** When this test does not hold the rule does not apply (e.g. log rotation without a log file). */
  onlyIf?: { test: FlagTest; reason: string };
  /**
   * Flags naming a host file that can carry the same setting (`--config`,
   * `--authorization-config`...). When the tested flag is absent and one of
   * these is present, the value is host-only: the result is `unknown`.
   */
  hostConfigFlags?: string[];
  /** Appended to every message: what the flags cannot tell (file contents). */
  hostOnlyNote?: string;
  /** Argument lists (flags only) that must pass / fail; the generator wraps them in mirror pods. */
  examples: { pass: string[][]; fail: string[][] };
}

export type Verdict = { status: "pass" | "fail" | "unknown"; detail: string };

// The API server's default plugin set (Kubernetes 1.30+), used when
// --enable-admission-plugins does not name a plugin.
export const DEFAULT_ADMISSION_PLUGINS: ReadonlySet<string> = new Set([
  "NamespaceLifecycle",
  "LimitRanger",
  "ServiceAccount",
  "TaintNodesByCondition",
  "PodSecurity",
  "Priority",
  "DefaultTolerationSeconds",
  "DefaultStorageClass",
  "StorageObjectInUseProtection",
  "PersistentVolumeClaimResize",
  "RuntimeClass",
  "CertificateApproval",
  "CertificateSigning",
  "ClusterTrustBundleAttest",
  "CertificateSubjectRestriction",
  "DefaultIngressClass",
  "MutatingAdmissionWebhook",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionWebhook",
  "ResourceQuota",
]);

export function effectivePlugins(flags: ComponentFlags): Set<string> {
  // The deprecated --admission-control replaces the defaults outright.
  const base = flags.has("admission-control") ? flags.set("admission-control") : new Set(DEFAULT_ADMISSION_PLUGINS);
  for (const p of flags.set("enable-admission-plugins")) base.add(p);
  for (const p of flags.set("disable-admission-plugins")) base.delete(p);
  return base;
}

/** Flags a test reads; used to decide whether a host config file may hold them instead. */
export function flagsOf(test: FlagTest): string[] {
  if ("all" in test) return test.all.flatMap(flagsOf);
  if ("any" in test) return test.any.flatMap(flagsOf);
  if ("plugin" in test) return ["enable-admission-plugins", "disable-admission-plugins", "admission-control"];
  return [test.flag];
}

const show = (flag: string, value: string | undefined) => (value === undefined ? `--${flag} is not set` : `--${flag}=${value}`);

export function evaluateFlagTest(test: FlagTest, flags: ComponentFlags): Verdict {
  const ok = (detail: string): Verdict => ({ status: "pass", detail });
  const bad = (detail: string): Verdict => ({ status: "fail", detail });
  if ("all" in test) {
    const parts = test.all.map((t) => evaluateFlagTest(t, flags));
    const failed = parts.filter((p) => p.status === "fail");
    if (failed.length > 0) return bad(failed.map((p) => p.detail).join("; "));
    const unknowns = parts.filter((p) => p.status === "unknown");
    if (unknowns.length > 0) return { status: "unknown", detail: unknowns.map((p) => p.detail).join("; ") };
    return ok(parts.map((p) => p.detail).join("; "));
  }
  if ("any" in test) {
    const parts = test.any.map((t) => evaluateFlagTest(t, flags));
    const passed = parts.find((p) => p.status === "pass");
    if (passed) return passed;
    const unknown = parts.find((p) => p.status === "unknown");
    if (unknown) return unknown;
    return bad(parts.map((p) => p.detail).join(" and "));
  }
  switch (test.op) {
    case "set": {
      const v = flags.get(test.flag);
      return v !== undefined && v !== "" ? ok(`--${test.flag} is set`) : bad(`--${test.flag} is not set`);
    }
    case "notSet":
      return flags.has(test.flag) ? bad(`${show(test.flag, flags.get(test.flag))} is set`) : ok(`--${test.flag} is not set`);
    case "eq":
    case "notEq": {
      const given = flags.get(test.flag);
      const effective = given ?? test.default;
      const where = given === undefined && effective !== undefined ? ` (the default when --${test.flag} is absent)` : "";
      if (effective === undefined) return test.op === "eq" ? bad(`--${test.flag} is not set`) : ok(`--${test.flag} is not set`);
      const same = effective.toLowerCase() === test.value.toLowerCase();
      const text = `--${test.flag}=${effective}${where}`;
      return same === (test.op === "eq") ? ok(text) : bad(text);
    }
    case "contains":
    case "notContains": {
      const given = flags.has(test.flag) ? flags.set(test.flag) : undefined;
      const effective = given ?? (test.default ? new Set(test.default) : new Set<string>());
      const where = given === undefined ? (test.default ? ` (the default when --${test.flag} is absent)` : "") : "";
      const list = [...effective].join(",");
      const text = given === undefined && !test.default ? `--${test.flag} is not set` : `--${test.flag}=${list}${where}`;
      const has = effective.has(test.value);
      if (test.op === "contains") return has ? ok(text) : bad(`${text}, without ${test.value}`);
      return has ? bad(`${text} includes ${test.value}`) : ok(text);
    }
    case "gte":
    case "lte": {
      const given = flags.get(test.flag);
      if (given === undefined && test.default === undefined) return bad(`--${test.flag} is not set`);
      const n = given === undefined ? test.default! : Number(given);
      if (!Number.isFinite(n)) return bad(`--${test.flag}=${given} is not a number`);
      const text = given === undefined ? `--${test.flag} defaults to ${n}` : `--${test.flag}=${given}`;
      const passes = test.op === "gte" ? n >= test.value : n <= test.value;
      return passes ? ok(text) : bad(`${text}, ${test.op === "gte" ? "below" : "above"} ${test.value}`);
    }
    case "httpsUrls": {
      const urls = [...flags.set(test.flag)];
      if (urls.length === 0) return bad(`--${test.flag} is not set`);
      // A unix socket never leaves the host (kine, local etcd proxies), so it needs no TLS.
      const plain = urls.filter((u) => !/^(https|unix):\/\//i.test(u));
      return plain.length === 0 ? ok(`--${test.flag} uses TLS or a local socket only`) : bad(`--${test.flag} includes non-TLS ${plain.join(", ")}`);
    }
    case "pluginEnabled":
    case "pluginNotEnabled": {
      const on = effectivePlugins(flags).has(test.plugin);
      const disabled = flags.set("disable-admission-plugins").has(test.plugin);
      const why = on
        ? `admission plugin ${test.plugin} is enabled`
        : disabled
          ? `admission plugin ${test.plugin} is disabled by --disable-admission-plugins`
          : `admission plugin ${test.plugin} is not enabled`;
      return on === (test.op === "pluginEnabled") ? ok(why) : bad(why);
    }
  }
}

/** Trivy ids in both spellings: `KCV-0001` and the legacy `KCV0001`. */
export const kcv = (...numbers: number[]): string[] =>
  numbers.flatMap((n) => {
    const id = String(n).padStart(4, "0");
    return [`KCV-${id}`, `KCV${id}`];
  });
