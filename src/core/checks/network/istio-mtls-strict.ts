import { isEmptySelector } from "../../snapshot/labels.js";
import type { LabelSelector } from "../../snapshot/k8s-types.js";
import type { KubeObject } from "../../snapshot/types.js";
import { fail, pass } from "../helpers.js";
import { defineCheck, type CheckResult } from "../types.js";
import { ISTIO_ROOT_NAMESPACE, istioInstalled } from "./istio.js";
import { auditedNamespaces, namespaceRef, WORKLOAD_READ_KINDS } from "./policy-model.js";

interface PeerAuthSpec {
  selector?: LabelSelector;
  mtls?: { mode?: string };
  portLevelMtls?: Record<string, { mode?: string }>;
}

const specOf = (pa: KubeObject) => (pa["spec"] as PeerAuthSpec | undefined) ?? {};
const modeOf = (pa: KubeObject) => (specOf(pa).mtls?.mode ?? "UNSET").toUpperCase();
const isWide = (pa: KubeObject) => isEmptySelector(specOf(pa).selector);

/** Relaxations a workload-level policy adds on top of the namespace's mode. */
function relaxations(pa: KubeObject): string[] {
  const out: string[] = [];
  const mode = modeOf(pa);
  if (mode === "PERMISSIVE" || mode === "DISABLE") out.push(`${pa.metadata.name} sets ${mode}`);
  for (const [port, m] of Object.entries(specOf(pa).portLevelMtls ?? {})) {
    const pm = (m.mode ?? "UNSET").toUpperCase();
    if (pm === "PERMISSIVE" || pm === "DISABLE") out.push(`${pa.metadata.name} sets ${pm} on port ${port}`);
  }
  return out;
}

export const istioMtlsStrict = defineCheck({
  id: "istio-mtls-strict",
  title: "Istio requires mutual TLS between workloads",
  severity: "high",
  category: "network",
  needs: ["objects"],
  kinds: ["Namespace", "PeerAuthentication", ...WORKLOAD_READ_KINDS],
  references: {},
  description:
    `Istio accepts plain-text traffic (PERMISSIVE) unless a PeerAuthentication says STRICT: mesh-wide in the root namespace (${ISTIO_ROOT_NAMESPACE}), per namespace, or per workload. A namespace or workload policy set to PERMISSIVE or DISABLE, even on one port, lets unauthenticated clients in and makes AuthorizationPolicy principals meaningless. Clusters without Istio get no findings.`,
  remediation: `Apply \`kind: PeerAuthentication, metadata: {name: default, namespace: ${ISTIO_ROOT_NAMESPACE}}, spec: {mtls: {mode: STRICT}}\`, move clients without sidecars into the mesh, and delete PERMISSIVE/DISABLE overrides once they are.`,
  evaluate(ctx) {
    if (!istioInstalled(ctx.index)) return [];
    const all = ctx.index.ofKind("PeerAuthentication");
    const meshWide = all.find((pa) => (pa.metadata.namespace ?? "default") === ISTIO_ROOT_NAMESPACE && isWide(pa));
    const meshMode = meshWide && modeOf(meshWide) !== "UNSET" ? modeOf(meshWide) : "PERMISSIVE";
    const results: CheckResult[] = [];
    for (const ns of auditedNamespaces(ctx.index, [...ctx.settings.systemNamespaces, ISTIO_ROOT_NAMESPACE])) {
      if (ctx.index.workloadsInNamespace(ns).length === 0) continue;
      const ref = namespaceRef(ctx.index, ns);
      const here = ctx.index.ofKindInNamespace("PeerAuthentication", ns);
      const nsWide = here.find(isWide);
      const nsMode = nsWide && modeOf(nsWide) !== "UNSET" ? modeOf(nsWide) : meshMode;
      const source = nsWide && modeOf(nsWide) !== "UNSET" ? `PeerAuthentication ${ns}/${nsWide.metadata.name}` : meshWide ? `mesh-wide ${meshWide.metadata.name}` : "Istio's default";
      const overrides = here.filter((pa) => !isWide(pa)).flatMap(relaxations);
      if (nsMode !== "STRICT") results.push(fail(ref, `mTLS is ${nsMode} (from ${source})${overrides.length ? `; also ${overrides.join(", ")}` : ""}`));
      else if (overrides.length) results.push(fail(ref, `STRICT from ${source}, but workload policies relax it: ${overrides.join(", ")}`));
      else results.push(pass(ref, `mTLS STRICT (from ${source})`));
    }
    return results;
  },
});
