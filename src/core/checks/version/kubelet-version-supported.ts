import { fail, pass } from "../helpers.js";
import { defineCheck } from "../types.js";
import { supportVerdict } from "./kubernetes-version-supported.js";
import { perKubeletVersion } from "./node-info.js";

export const kubeletVersionSupported = defineCheck({
  id: "kubelet-version-supported",
  title: "Nodes run a supported kubelet release",
  severity: "high",
  category: "version",
  needs: ["version"],
  kinds: ["Node"],
  references: { kubescape: ["C-0273"] },
  description:
    "A kubelet past its minor's end-of-life date gets no fixes for node-level vulnerabilities (volume subpath escapes, log and exec handling). Read from Node.status.nodeInfo.kubeletVersion against the end-of-life table.",
  remediation: "Upgrade or replace the node (drain, upgrade kubelet and kubeadm packages or roll the node group) to a supported minor no newer than the API server.",
  evaluate: (ctx) =>
    perKubeletVersion(ctx, (v, ref) => {
      const verdict = supportVerdict("kubelet", v, ctx);
      return verdict.ok ? pass(ref, verdict.message) : fail(ref, verdict.message);
    }),
});
