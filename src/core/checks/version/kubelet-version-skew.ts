import { fail, pass } from "../helpers.js";
import { defineCheck } from "../types.js";
import { maxKubeletSkew } from "./eol-table.js";
import { perKubeletVersion } from "./node-info.js";
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
    return perKubeletVersion(ctx, (v, ref) => {
      const behind = (api.major - v.major) * 100 + (api.minor - v.minor);
      const pair = `kubelet ${v.raw} with API server ${api.raw}`;
      if (behind < 0) return fail(ref, `${pair}: the kubelet is newer than the API server, which is never supported`);
      if (behind > limit) return fail(ref, `${pair}: ${behind} minors behind, more than the supported ${limit}`);
      return pass(ref, `${pair}: ${behind === 0 ? "same minor" : `${behind} minor${behind > 1 ? "s" : ""} behind`}, within the supported ${limit}`);
    });
  },
});
