// Version strings as nodes and /version report them: "v1.30.4-eks-a737599",
// "containerd://1.6.8", "5.15.0-91-generic", "18.09.2". Only the numeric
// major.minor.patch is compared; the rest is kept to spot vendor builds.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Whatever follows the numbers: "-eks-a737599", "-91-generic", "+k3s1". */
  suffix: string;
  raw: string;
}

export function parseVersion(text: string | undefined): Version | undefined {
  if (!text) return undefined;
  const body = text.trim().replace(/^[a-z0-9.-]+:\/\//i, "").replace(/^v/i, "");
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(body);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), suffix: m[4] ?? "", raw: text };
}

export function compareVersions(a: Pick<Version, "major" | "minor" | "patch">, b: Pick<Version, "major" | "minor" | "patch">): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export const minorOf = (v: Version) => `${v.major}.${v.minor}`;

/** The runtime scheme of a CRI version string ("containerd://1.7.2" → "containerd"). */
export function schemeOf(text: string): string | undefined {
  return /^([a-z0-9.-]+):\/\//i.exec(text.trim())?.[1]?.toLowerCase();
}
