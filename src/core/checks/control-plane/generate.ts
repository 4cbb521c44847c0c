// Turns flag rules into checks. Applicability is decided here once for every
// rule: managed control planes are the provider's (not_applicable), loose files
// without the component say nothing ([]), and a live cluster whose component
// we cannot see is `unknown`, never a pass.
import { stringify } from "yaml";
import { componentInstances, type ComponentInstance, type ControlPlaneComponent } from "../../snapshot/control-plane.js";
import { platformLabel } from "../../snapshot/platform.js";
import { fail, notApplicable, pass, unknown, workloadRef } from "../helpers.js";
import { defineCheck, type CheckContext, type CheckDefinition, type CheckResult, type ResourceRef } from "../types.js";
import { evaluateFlagTest, flagsOf, type FlagRule } from "./flag-rule.js";

export const CLUSTER_REF: ResourceRef = { kind: "Cluster", name: "cluster" };

// etcd ignores every other flag and ETCD_* variable once --config-file is given.
const EXCLUSIVE_CONFIG_FLAG: Partial<Record<ControlPlaneComponent, string>> = { etcd: "config-file" };

// OpenShift passes most API server and controller manager settings in a rendered
// file (--openshift-config); an absent flag there says nothing about the setting.
const COMPONENT_CONFIG_FLAGS: Partial<Record<ControlPlaneComponent, string[]>> = {
  "kube-apiserver": ["openshift-config"],
  "kube-controller-manager": ["openshift-config"],
};

function notVisibleReason(component: ControlPlaneComponent, ctx: CheckContext): string {
  switch (ctx.platform.name) {
    case "k3s":
      return `k3s runs the ${component} inside the k3s server process; its flags live in /etc/rancher/k3s/config.yaml on the host, not in any pod`;
    case "openshift":
      return `OpenShift renders the ${component} configuration through its operators (openshift-* namespaces) into host files; no ${component} flags are visible in kube-system`;
    default:
      return component === "etcd"
        ? "no etcd mirror pod visible in kube-system; an external etcd can only be checked on its own hosts"
        : `no ${component} mirror pod visible in kube-system`;
  }
}

function judge(rule: FlagRule, instance: ComponentInstance): CheckResult {
  const ref = workloadRef(instance.workload);
  const { flags } = instance;
  const who = rule.component;
  const note = rule.hostOnlyNote ? `; ${rule.hostOnlyNote}` : "";
  const exclusive = EXCLUSIVE_CONFIG_FLAG[rule.component];
  if (exclusive && flags.has(exclusive)) {
    return unknown(ref, `${who} reads its settings from --${exclusive}=${flags.get(exclusive)}, a file only the host can read; its flags are ignored`);
  }
  if (rule.onlyIf && evaluateFlagTest(rule.onlyIf.test, flags).status !== "pass") {
    return notApplicable(ref, rule.onlyIf.reason);
  }
  const verdict = evaluateFlagTest(rule.test, flags);
  if (verdict.status === "pass") return pass(ref, `${who}: ${verdict.detail}${note}`);
  const hostFlag = [...(rule.hostConfigFlags ?? []), ...(COMPONENT_CONFIG_FLAGS[rule.component] ?? [])].find((f) => flags.has(f));
  if (hostFlag && flagsOf(rule.test).some((f) => !flags.has(f))) {
    return unknown(
      ref,
      `${who}: ${verdict.detail}, but --${hostFlag}=${flags.get(hostFlag)} may set it in a file only the host can read`,
    );
  }
  if (verdict.status === "unknown") return unknown(ref, `${who}: ${verdict.detail}${note}`);
  return fail(ref, `${who}: ${verdict.detail}${note}`);
}

export function evaluateFlagRule(rule: FlagRule, ctx: CheckContext): CheckResult[] {
  if (ctx.platform.managedControlPlane) {
    return [notApplicable(CLUSTER_REF, `${platformLabel(ctx.platform.name)} manages the ${rule.component}; check the provider's settings`)];
  }
  const instances = componentInstances(ctx.index).get(rule.component) ?? [];
  if (instances.length === 0) {
    // Loose manifests are the whole world of a file audit: no API server pod, nothing to judge.
    if (ctx.index.snapshot.source.type === "files") return [];
    return [unknown(CLUSTER_REF, notVisibleReason(rule.component, ctx))];
  }
  return instances.map((i) => judge(rule, i));
}

const IMAGES: Record<ControlPlaneComponent, string> = {
  "kube-apiserver": "registry.k8s.io/kube-apiserver:v1.33.4",
  "kube-controller-manager": "registry.k8s.io/kube-controller-manager:v1.33.4",
  "kube-scheduler": "registry.k8s.io/kube-scheduler:v1.33.4",
  etcd: "registry.k8s.io/etcd:3.5.21-0",
};

/** A kubeadm-style mirror pod running the component with the given flags, as YAML text. */
export function mirrorPodYaml(component: ControlPlaneComponent, argv: readonly string[], node = "cp-1"): string {
  return stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${component}-${node}`,
      namespace: "kube-system",
      labels: { component, tier: "control-plane" },
      annotations: { "kubernetes.io/config.mirror": "fixture", "kubernetes.io/config.source": "file" },
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node, controller: true }],
    },
    spec: {
      hostNetwork: true,
      priorityClassName: "system-node-critical",
      nodeName: node,
      containers: [{ name: component, image: IMAGES[component], command: [component, ...argv] }],
    },
  });
}

export function flagRuleCheck(rule: FlagRule): CheckDefinition {
  return defineCheck({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: rule.category,
    needs: ["control-plane"],
    kinds: ["Pod"],
    references: rule.references,
    description: rule.description,
    remediation: rule.remediation,
    fixtures: {
      pass: rule.examples.pass.map((argv) => mirrorPodYaml(rule.component, argv)),
      fail: rule.examples.fail.map((argv) => mirrorPodYaml(rule.component, argv)),
    },
    evaluate: (ctx) => evaluateFlagRule(rule, ctx),
  });
}
