// What a Node says of its own software (status.nodeInfo), for the version checks
// that judge it node by node.
import type { KubeObject } from "../../snapshot/types.js";
import { refOf, unknown } from "../helpers.js";
import type { CheckContext, CheckResult, ResourceRef } from "../types.js";
import { parseVersion, type Version } from "./semver.js";

export interface NodeInfo {
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  kernelVersion?: string;
  operatingSystem?: string;
  osImage?: string;
}

export const nodeInfoOf = (node: KubeObject): NodeInfo | undefined =>
  (node["status"] as { nodeInfo?: NodeInfo } | undefined)?.nodeInfo;

/**
 * One result per Node from its kubelet's version; a node whose version is missing
 * or unreadable is `unknown`, never judged.
 */
export function perKubeletVersion(ctx: CheckContext, judge: (kubelet: Version, node: ResourceRef) => CheckResult): CheckResult[] {
  return ctx.index.ofKind("Node").map((node) => {
    const raw = nodeInfoOf(node)?.kubeletVersion;
    const ref = refOf(node);
    const v = parseVersion(raw);
    if (!v) return unknown(ref, raw ? `cannot read kubelet version "${raw}"` : "the node reports no kubelet version");
    return judge(v, ref);
  });
}
