// Container runtime and kernel versions with container-escape class CVEs, as
// data. Ranges are [introduced, fixed) per release line, from the upstream
// advisories. Vendor builds (Ubuntu "5.15.0-91-generic", RHEL "4.18.0-477.el8")
// backport fixes without changing the upstream number, so a vendor build inside
// a range is reported as unknown, never as vulnerable or safe.
import { compareVersions, parseVersion, type Version } from "./semver.js";

export const VULNERABILITY_TABLE_COMPILED_ON = "2026-11-27";

export interface VulnerableRange {
  /** First affected version; absent means every earlier version. */
  introduced?: string;
  fixed: string;
}

export interface KnownVulnerability {
  cve: string;
  summary: string;
  ranges: VulnerableRange[];
  /** Said with every match: what the version number cannot tell. */
  caveat?: string;
}

export const RUNTIME_VULNERABILITIES: Readonly<Record<string, readonly KnownVulnerability[]>> = {
  containerd: [
    {
      cve: "CVE-2020-15257",
      summary: "host-network containers can reach the containerd-shim API and escape",
      ranges: [{ fixed: "1.3.9" }, { introduced: "1.4.0", fixed: "1.4.3" }],
    },
    {
      cve: "CVE-2021-41103",
      summary: "container root directories let unprivileged host users run setuid programs inside them",
      ranges: [{ fixed: "1.4.11" }, { introduced: "1.5.0", fixed: "1.5.7" }],
    },
    {
      cve: "CVE-2022-23648",
      summary: "image volume paths expose arbitrary host files to containers",
      ranges: [{ fixed: "1.4.13" }, { introduced: "1.5.0", fixed: "1.5.10" }, { introduced: "1.6.0", fixed: "1.6.1" }],
    },
    {
      cve: "CVE-2023-25173",
      summary: "supplementary groups are not applied, bypassing group-based file permissions",
      ranges: [{ fixed: "1.5.18" }, { introduced: "1.6.0", fixed: "1.6.18" }],
    },
    {
      cve: "CVE-2024-21626",
      summary: "the bundled runc leaks a host file descriptor (\"Leaky Vessels\"), allowing container escape",
      ranges: [{ fixed: "1.6.28" }, { introduced: "1.7.0", fixed: "1.7.13" }],
      caveat: "applies when containerd uses the runc shipped with its release; a separately upgraded runc 1.1.12+ is not affected",
    },
  ],
  "cri-o": [
    {
      cve: "CVE-2022-0811",
      summary: "sysctl values can inject kernel parameters (\"cr8escape\") and run code as root on the host",
      ranges: [
        { introduced: "1.19.0", fixed: "1.19.6" },
        { introduced: "1.20.0", fixed: "1.20.7" },
        { introduced: "1.21.0", fixed: "1.21.6" },
        { introduced: "1.22.0", fixed: "1.22.3" },
        { introduced: "1.23.0", fixed: "1.23.2" },
      ],
    },
  ],
  docker: [
    {
      cve: "CVE-2019-5736",
      summary: "a container can overwrite the host runc binary and gain root on the node",
      ranges: [{ fixed: "18.09.2" }],
    },
    {
      cve: "CVE-2024-21626",
      summary: "the bundled runc leaks a host file descriptor (\"Leaky Vessels\"), allowing container escape",
      ranges: [{ fixed: "24.0.9" }, { introduced: "25.0.0", fixed: "25.0.2" }],
      caveat: "applies when Docker uses the runc shipped with its release",
    },
  ],
};

export const KERNEL_VULNERABILITIES: readonly KnownVulnerability[] = [
  {
    cve: "CVE-2022-0185",
    summary: "fsconfig heap overflow lets a process with CAP_SYS_ADMIN in a user namespace escape its container",
    ranges: [
      { introduced: "5.1.0", fixed: "5.4.173" },
      { introduced: "5.5.0", fixed: "5.10.93" },
      { introduced: "5.11.0", fixed: "5.15.16" },
      { introduced: "5.16.0", fixed: "5.16.2" },
    ],
  },
  {
    cve: "CVE-2022-0847",
    summary: "\"Dirty Pipe\" lets any process overwrite read-only files, including host binaries shared with containers",
    ranges: [
      { introduced: "5.8.0", fixed: "5.10.102" },
      { introduced: "5.11.0", fixed: "5.15.25" },
      { introduced: "5.16.0", fixed: "5.16.11" },
    ],
  },
  {
    cve: "CVE-2024-1086",
    summary: "nf_tables use-after-free gives local root from an unprivileged user namespace (actively exploited)",
    ranges: [
      { introduced: "3.15.0", fixed: "4.19.307" },
      { introduced: "4.20.0", fixed: "5.4.269" },
      { introduced: "5.5.0", fixed: "5.10.209" },
      { introduced: "5.11.0", fixed: "5.15.149" },
      { introduced: "5.16.0", fixed: "6.1.76" },
      { introduced: "6.2.0", fixed: "6.6.15" },
      { introduced: "6.7.0", fixed: "6.7.3" },
    ],
  },
];

export interface VulnerabilityMatch {
  vulnerable: KnownVulnerability[];
  /** In an affected release line, but a vendor build whose patch level the number hides. */
  undetermined: KnownVulnerability[];
}

function inRange(v: Version, r: VulnerableRange): boolean {
  const fixed = parseVersion(r.fixed)!;
  const introduced = r.introduced ? parseVersion(r.introduced)! : undefined;
  return (!introduced || compareVersions(v, introduced) >= 0) && compareVersions(v, fixed) < 0;
}

/** Whether v's release line (major.minor) overlaps the range at all. */
function lineInRange(v: Version, r: VulnerableRange): boolean {
  const fixed = parseVersion(r.fixed)!;
  const introduced = r.introduced ? parseVersion(r.introduced)! : undefined;
  const lineStart = { major: v.major, minor: v.minor, patch: 0 };
  const lineEnd = { major: v.major, minor: v.minor, patch: Number.MAX_SAFE_INTEGER };
  return (!introduced || compareVersions(lineEnd, introduced) >= 0) && compareVersions(lineStart, fixed) < 0;
}

export function matchVulnerabilities(v: Version, table: readonly KnownVulnerability[], vendorBuild: boolean): VulnerabilityMatch {
  const out: VulnerabilityMatch = { vulnerable: [], undetermined: [] };
  for (const vuln of table) {
    if (vendorBuild) {
      if (vuln.ranges.some((r) => lineInRange(v, r))) out.undetermined.push(vuln);
    } else if (vuln.ranges.some((r) => inRange(v, r))) {
      out.vulnerable.push(vuln);
    }
  }
  return out;
}

/**
 * Distribution kernels pin the upstream sublevel at 0 and count their own ABI
 * after a dash ("5.15.0-91-generic", "4.18.0-477.27.1.el8_8"); their patch
 * level cannot be read from the number.
 */
export function isVendorKernel(v: Version): boolean {
  return v.patch === 0 && /^[-.+~_]/.test(v.suffix);
}

/** Runtime packages rebuilt by a distribution ("1.6.12-0ubuntu1", "1.6.28+bottlerocket"). */
export function isVendorRuntime(v: Version): boolean {
  return v.suffix !== "" && !/^-(rc|beta|alpha)\.?\d*$/i.test(v.suffix);
}
