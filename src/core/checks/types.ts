// What a check is: a typed definition with its metadata, the data it needs, and a
// pure `evaluate` over the snapshot. Prose for users (description, remediation)
// lives here as data so `harden checks` and `/harden explain` can show it.
import type { SnapshotIndex } from "../snapshot/index.js";
import type { PlatformInfo } from "../snapshot/platform.js";
import type { AuditSettings } from "./settings.js";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  "rbac",
  "etcd",
  "encryption-at-rest",
  "authentication",
  "kubelet",
  "node-isolation",
  "network",
  "pod-security",
  "images",
  "secrets",
  "admission",
  "audit-logging",
  "unused-features",
  "version",
  "runtime",
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Where a check's data comes from: plain API objects, control-plane mirror pods,
 * kubelet /configz, the /version endpoint, or a heuristic over objects (presence
 * of a tool, a naming convention) that can be wrong and says so.
 */
export type DataNeed = "objects" | "control-plane" | "configz" | "version" | "heuristic";

export const RESULT_STATUSES = ["pass", "fail", "unknown", "not_applicable"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];
export const FINDING_STATUSES = ["fail", "unknown", "waived", "not_applicable", "pass"] as const;
export type FindingStatus = ResultStatus | "waived";

/** The same criterion in other tools' catalogs, for people who know those ids. */
export interface References {
  cis?: string[];
  kubescape?: string[];
  polaris?: string[];
  kubeScore?: string[];
  checkov?: string[];
  trivy?: string[];
}

export interface ResourceRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
  container?: string;
}

export interface CheckResult {
  status: ResultStatus;
  resource: ResourceRef;
  message: string;
}

export interface CheckContext {
  index: SnapshotIndex;
  platform: PlatformInfo;
  settings: AuditSettings;
  now: Date;
}

/** A change that would make a failing result pass, applied only after approval. */
export interface RemediationPatch {
  resource: ResourceRef;
  /** Kubernetes patch type: strategic merge for built-in kinds, JSON merge otherwise. */
  patchType: "strategic-merge" | "merge" | "json";
  patch: unknown;
  /** One line for the approval message: what changes and why it is safe. */
  summary: string;
}

/** Inline fixture: a list of objects (or a whole snapshot fragment) as YAML text. */
export interface InlineFixtures {
  pass: string[];
  fail: string[];
}

export interface CheckDefinition {
  id: string;
  title: string;
  severity: Severity;
  category: Category;
  needs: DataNeed[];
  /** Kinds the check reads; a forbidden or failed list of any of them makes it `unknown`. */
  kinds: string[];
  references: References;
  description: string;
  remediation: string;
  evaluate(ctx: CheckContext): CheckResult[];
  /** Present only where a safe automatic fix exists. */
  fix?(ctx: CheckContext, result: CheckResult): RemediationPatch | undefined;
  /**
   * Whether `fix` would give a patch, answered without building it: the audit
   * asks this of every failing result to mark findings fixable. Must agree with
   * `fix` (checks/fixable.test.ts holds every fixable check to it).
   */
  fixable?(ctx: CheckContext, result: CheckResult): boolean;
  /** For generated checks (flag tables) that have no fixture files beside them. */
  fixtures?: InlineFixtures;
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function defineCheck(def: CheckDefinition): CheckDefinition {
  if (!ID_PATTERN.test(def.id)) throw new Error(`check id "${def.id}" must be kebab-case`);
  if (def.kinds.length === 0 && !def.needs.includes("version") && !def.needs.includes("configz"))
    throw new Error(`check ${def.id} must declare the kinds it reads`);
  return Object.freeze(def);
}
