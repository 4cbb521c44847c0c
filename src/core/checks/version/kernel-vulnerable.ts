import { fail, notApplicable, pass, refOf, unknown } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { describeVulns } from "./container-runtime-vulnerable.js";
import { nodeInfoOf } from "./node-info.js";
import { parseVersion } from "./semver.js";
import { isVendorKernel, KERNEL_VULNERABILITIES, matchVulnerabilities } from "./vulnerable-versions.js";

export const kernelVulnerable = defineCheck({
  id: "kernel-vulnerable",
  title: "Nodes run no kernel with a known container-escape CVE",
  severity: "high",
  category: "version",
  needs: ["version"],
  kinds: ["Node"],
  references: {},
  description:
    "Containers share the node's kernel, so a kernel privilege escalation is a container escape. Compares Node.status.nodeInfo.kernelVersion with upstream fixed versions for CVE-2022-0185, CVE-2022-0847 (Dirty Pipe) and CVE-2024-1086. Distribution kernels (Ubuntu, Debian, RHEL) hide their patch level behind an ABI number and are reported as unknown when their release line was affected.",
  remediation:
    "Patch or replace the node with a current kernel or node image and reboot. For distribution kernels, confirm the fix in the vendor's advisory for the listed CVEs.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const node of ctx.index.ofKind("Node")) {
      const ref = refOf(node);
      const info = nodeInfoOf(node);
      if (info?.operatingSystem && info.operatingSystem !== "linux") {
        results.push(notApplicable(ref, `${info.operatingSystem} node: the tracked CVEs are Linux kernel flaws`));
        continue;
      }
      const raw = info?.kernelVersion;
      const v = parseVersion(raw);
      if (!v) {
        results.push(unknown(ref, raw ? `cannot read kernel version "${raw}"` : "the node reports no kernel version"));
        continue;
      }
      const match = matchVulnerabilities(v, KERNEL_VULNERABILITIES, isVendorKernel(v));
      if (match.vulnerable.length > 0) results.push(fail(ref, `kernel ${raw} is affected by ${describeVulns(match.vulnerable)}`));
      else if (match.undetermined.length > 0)
        results.push(unknown(ref, `kernel ${raw} is a distribution build in a release line affected by ${match.undetermined.map((x) => x.cve).join(", ")}; check the vendor advisory`));
      else results.push(pass(ref, `kernel ${raw} has none of the tracked container-escape CVEs`));
    }
    return results;
  },
});
