import { fail, pass, refOf, unknown } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { maxKubeletSkew } from "./eol-table.js";
import { nodeInfoOf } from "./kubelet-version-supported.js";
import { parseVersion } from "./semver.js";

export const kubeletVersionSkew = defineCheck({
  id: "kubelet-version-skew",
  title: "Kubelets stay within the supported version skew",
  severity: "medium",
  category: "version",
  needs: ["version"],
  kinds: ["Node"],
  references: {},
  description:
    "Kubelets may trail the API server by at most three minors (two before Kubernetes 1.28) and must never be newer. Outside that window the combination is untested and security fixes that need both sides can silently fail.",
  remediation: "Upgrade lagging nodes (or downgrade a kubelet that is ahead) so every kubelet is within the skew policy before the next control-plane upgrade.",
  evaluate(ctx) {
    const api = parseVersion(ctx.index.snapshot.version?.gitVersion);
    if (!api) return []; // skew needs /version; loose manifests have none
    const limit = maxKubeletSkew(api);
    const results: CheckResult[] = [];
    for (const node of ctx.index.ofKind("Node")) {
      const raw = nodeInfoOf(node)?.kubeletVersion;
      const ref = refOf(node);
      const v = parseVersion(raw);
      if (!v) {
        results.push(unknown(ref, raw ? `cannot read kubelet version "${raw}"` : "the node reports no kubelet version"));
        continue;
      }
      const behind = (api.major - v.major) * 100 + (api.minor - v.minor);
      const pair = `kubelet ${v.raw} with API server ${api.raw}`;
      if (behind < 0) results.push(fail(ref, `${pair}: the kubelet is newer than the API server, which is never supported`));
      else if (behind > limit) results.push(fail(ref, `${pair}: ${behind} minors behind, more than the supported ${limit}`));
      else results.push(pass(ref, `${pair}: ${behind === 0 ? "same minor" : `${behind} minor${behind > 1 ? "s" : ""} behind`}, within the supported ${limit}`));
    }
    return results;
  },
});
