import { notApplicable, pass, refOf, unknown, fail } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { nodeInfoOf } from "./node-info.js";
import { parseVersion, schemeOf } from "./semver.js";
import { isVendorRuntime, matchVulnerabilities, RUNTIME_VULNERABILITIES, type KnownVulnerability } from "./vulnerable-versions.js";

export const describeVulns = (list: readonly KnownVulnerability[]) =>
  list.map((v) => `${v.cve} (${v.summary}${v.caveat ? `; ${v.caveat}` : ""})`).join("; ");

export const containerRuntimeVulnerable = defineCheck({
  id: "container-runtime-vulnerable",
  title: "Nodes run no container runtime with a known escape CVE",
  severity: "critical",
  category: "version",
  needs: ["version"],
  kinds: ["Node"],
  references: {},
  description:
    "Compares Node.status.nodeInfo.containerRuntimeVersion with a table of container-escape CVEs in containerd (CVE-2020-15257, CVE-2021-41103, CVE-2022-23648, CVE-2023-25173, runc CVE-2024-21626 via bundled runc), CRI-O (CVE-2022-0811) and Docker (CVE-2019-5736, CVE-2024-21626). Distribution builds backport fixes without changing the upstream number, so those are reported as unknown.",
  remediation:
    "Upgrade the runtime on affected nodes (or roll them to a current node image), then restart the kubelet. For distribution packages, check the vendor advisory for the listed CVEs.",
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const node of ctx.index.ofKind("Node")) {
      const ref = refOf(node);
      const raw = nodeInfoOf(node)?.containerRuntimeVersion;
      if (!raw) {
        results.push(unknown(ref, "the node reports no container runtime version"));
        continue;
      }
      const scheme = schemeOf(raw) ?? "";
      const table = RUNTIME_VULNERABILITIES[scheme];
      const v = parseVersion(raw);
      if (!table) {
        results.push(notApplicable(ref, `no vulnerability data for runtime ${raw}`));
        continue;
      }
      if (!v) {
        results.push(unknown(ref, `cannot read runtime version "${raw}"`));
        continue;
      }
      const match = matchVulnerabilities(v, table, isVendorRuntime(v));
      if (match.vulnerable.length > 0) results.push(fail(ref, `${raw} is affected by ${describeVulns(match.vulnerable)}`));
      else if (match.undetermined.length > 0)
        results.push(unknown(ref, `${raw} is a distribution build in a release line affected by ${match.undetermined.map((x) => x.cve).join(", ")}; whether the fix is backported depends on the vendor advisory`));
      else results.push(pass(ref, `${raw} has none of the tracked escape CVEs`));
    }
    return results;
  },
});
