// Turns kubelet rules into checks. Each node with a collected /configz gets one
// result; a node whose configz was refused is `unknown`; a kubelet run from a pod
// manifest is judged from its flags and the result attaches to that pod.
import { stringify } from "yaml";
import { componentInstances } from "../../snapshot/control-plane.js";
import type { SnapshotIndex } from "../../snapshot/index.js";
import { memoizeBy } from "../../memo.js";
import { fail, notApplicable, pass, unknown, workloadRef } from "../helpers.js";
import { defineCheck, type CheckContext, type CheckDefinition, type CheckResult, type ResourceRef } from "../types.js";
import { CLUSTER_REF } from "../control-plane/generate.js";
import { configzSource, evaluateKubeletTest, flagSource, type KubeletExample, type KubeletRule, type Verdict } from "./kubelet-rule.js";

const nodeRef = (name: string): ResourceRef => ({ apiVersion: "v1", kind: "Node", name });

function toResult(ref: ResourceRef, v: Verdict): CheckResult {
  const message = `kubelet: ${v.detail}`;
  return v.status === "pass" ? pass(ref, message) : v.status === "fail" ? fail(ref, message) : unknown(ref, message);
}

/** Every node named by a Node object or a collected /configz, sorted: the same for each kubelet rule of an audit. */
const kubeletNodeNames = memoizeBy((index: SnapshotIndex): readonly string[] => {
  const names = new Set([...index.ofKind("Node").map((n) => n.metadata.name), ...Object.keys(index.snapshot.kubeletConfigs)]);
  return [...names].sort();
});

export function evaluateKubeletRule(rule: KubeletRule, ctx: CheckContext): CheckResult[] {
  const results: CheckResult[] = [];
  const snapshot = ctx.index.snapshot;
  const configs = snapshot.kubeletConfigs;
  const names = kubeletNodeNames(ctx.index);
  if (Object.keys(configs).length === 0) {
    // File sources never attempt /configz: silence, not a gap.
    if (snapshot.source.type !== "files" && names.length > 0) {
      results.push(unknown(CLUSTER_REF, "kubelet configuration was not collected: reading /configz needs get on nodes/proxy"));
    }
  } else {
    for (const name of names) {
      const entry = configs[name];
      const ref = nodeRef(name);
      if (!entry) results.push(unknown(ref, "no /configz was collected for this node"));
      else if (entry.state === "forbidden" || entry.state === "error")
        results.push(unknown(ref, `cannot read the kubelet configuration (${entry.state}${entry.reason ? `: ${entry.reason}` : ""})`));
      else if (entry.state === "absent") results.push(notApplicable(ref, "this node serves no /configz (virtual or serverless node)"));
      else if (!entry.config) results.push(unknown(ref, "the node's /configz response held no kubeletconfig"));
      else results.push(toResult(ref, evaluateKubeletTest(rule.test, configzSource(entry.config))));
    }
  }
  for (const instance of componentInstances(ctx.index).get("kubelet") ?? []) {
    results.push(toResult(workloadRef(instance.workload), evaluateKubeletTest(rule.test, flagSource(instance.flags))));
  }
  return results;
}

/** A fixture for one example: a snapshot bundle with a node's configz, or a pod running the kubelet. */
export function kubeletExampleYaml(example: KubeletExample): string {
  if (example.flags) {
    return stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "kubelet", namespace: "kube-system", labels: { component: "kubelet" } },
      spec: {
        hostNetwork: true,
        hostPID: true,
        containers: [{ name: "kubelet", image: "registry.example.com/node/kubelet:v1.33.4", command: ["kubelet", ...example.flags] }],
      },
    });
  }
  const node = { apiVersion: "v1", kind: "Node", metadata: { name: "worker-1", labels: { "kubernetes.io/hostname": "worker-1" } } };
  const bundle = {
    kind: "HardenSnapshot",
    complete: true,
    version: { gitVersion: "v1.33.4" },
    kubeletConfigs: { "worker-1": { state: "listed", config: example.config ?? {} } },
  };
  return `${stringify(bundle)}---\n${stringify(node)}`;
}

export function kubeletRuleCheck(rule: KubeletRule): CheckDefinition {
  return defineCheck({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: "kubelet",
    needs: ["configz"],
    kinds: ["Node", "Pod"],
    references: rule.references,
    description: rule.description,
    remediation: rule.remediation,
    fixtures: { pass: rule.examples.pass.map(kubeletExampleYaml), fail: rule.examples.fail.map(kubeletExampleYaml) },
    evaluate: (ctx) => evaluateKubeletRule(rule, ctx),
  });
}
