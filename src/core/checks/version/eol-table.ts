// Kubernetes minor releases and their upstream end-of-life dates, kept as data
// because they move every four months. Source: kubernetes.io/releases (the
// per-release pages and data/releases/eol.yaml of kubernetes/website); the dates
// of releases still in support are the project's scheduled ones.
import { compareVersions, type Version } from "./semver.js";

export const EOL_TABLE_COMPILED_ON = "2026-11-27";

/** Past this age the table may miss newer releases; messages say so. */
export const EOL_TABLE_STALE_AFTER_DAYS = 180;

export const KUBERNETES_END_OF_LIFE: Readonly<Record<string, string>> = {
  "1.10": "2019-02-13",
  "1.11": "2019-05-01",
  "1.12": "2019-07-08",
  "1.13": "2019-10-15",
  "1.14": "2019-12-11",
  "1.15": "2020-05-06",
  "1.16": "2020-09-02",
  "1.17": "2021-01-13",
  "1.18": "2021-06-18",
  "1.19": "2021-10-28",
  "1.20": "2022-02-28",
  "1.21": "2022-06-28",
  "1.22": "2022-12-08",
  "1.23": "2023-02-28",
  "1.24": "2023-07-28",
  "1.25": "2023-10-28",
  "1.26": "2024-02-28",
  "1.27": "2024-07-16",
  "1.28": "2024-10-22",
  "1.29": "2025-02-28",
  "1.30": "2025-07-15",
  "1.31": "2025-11-11",
  "1.32": "2026-02-28",
  "1.33": "2026-06-28",
  "1.34": "2026-10-27",
  "1.35": "2027-02-28",
  "1.36": "2027-06-28",
  "1.37": "2027-10-28",
};

const OLDEST_LISTED = { major: 1, minor: 10, patch: 0 };
const NEWEST_LISTED = { major: 1, minor: 37, patch: 0 };

export type Support =
  | { state: "supported"; endOfLife: string; daysLeft: number }
  | { state: "end-of-life"; endOfLife: string | undefined }
  | { state: "newer-than-table" };

const DAY = 24 * 60 * 60 * 1000;

/** Upstream support of a Kubernetes minor on a given day. */
export function kubernetesSupport(v: Version, now: Date): Support {
  const eol = KUBERNETES_END_OF_LIFE[`${v.major}.${v.minor}`];
  if (eol) {
    // Support ends at the end of the EOL day (UTC).
    const end = Date.parse(`${eol}T23:59:59Z`);
    return end >= now.getTime() ? { state: "supported", endOfLife: eol, daysLeft: Math.floor((end - now.getTime()) / DAY) } : { state: "end-of-life", endOfLife: eol };
  }
  if (compareVersions(v, OLDEST_LISTED) < 0) return { state: "end-of-life", endOfLife: undefined };
  if (compareVersions(v, NEWEST_LISTED) > 0) return { state: "newer-than-table" };
  return { state: "end-of-life", endOfLife: undefined };
}

/** A note for messages when the table is old enough to miss releases. */
export function tableAgeNote(now: Date): string {
  const age = (now.getTime() - Date.parse(`${EOL_TABLE_COMPILED_ON}T00:00:00Z`)) / DAY;
  return age > EOL_TABLE_STALE_AFTER_DAYS ? ` (end-of-life table compiled ${EOL_TABLE_COMPILED_ON}; newer releases may be missing)` : "";
}

/**
 * How many minors a kubelet may trail the API server: three since Kubernetes
 * 1.28 (KEP-3935), two before. A kubelet newer than the API server is never supported.
 */
export function maxKubeletSkew(apiServer: Version): number {
  return apiServer.major === 1 && apiServer.minor >= 28 ? 3 : 2;
}
