import type { KubeObject } from "../../snapshot/types.js";
import { fail, pass, refOf, unknown } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { supportVerdict } from "./kubernetes-version-supported.js";
import { parseVersion } from "./semver.js";

export interface NodeInfo {
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  kernelVersion?: string;
  operatingSystem?: string;
  osImage?: string;
}

export const nodeInfoOf = (node: KubeObject): NodeInfo | undefined =>
  (node["status"] as { nodeInfo?: NodeInfo } | undefined)?.nodeInfo;

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
  evaluate(ctx) {
    const results: CheckResult[] = [];
    for (const node of ctx.index.ofKind("Node")) {
      const raw = nodeInfoOf(node)?.kubeletVersion;
      const ref = refOf(node);
      const v = parseVersion(raw);
      if (!v) {
        results.push(unknown(ref, raw ? `cannot read kubelet version "${raw}"` : "the node reports no kubelet version"));
        continue;
      }
      const verdict = supportVerdict("kubelet", v, ctx);
      results.push(verdict.ok ? pass(ref, verdict.message) : fail(ref, verdict.message));
    }
    return results;
  },
});
