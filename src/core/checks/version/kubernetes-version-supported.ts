import { platformLabel } from "../../snapshot/platform.js";
import { fail, pass, unknown } from "../helpers.js";
import { defineCheck, type CheckContext, type ResourceRef } from "../types.js";
import { kubernetesSupport, tableAgeNote } from "./eol-table.js";
import { parseVersion, type Version } from "./semver.js";

const CLUSTER: ResourceRef = { kind: "Cluster", name: "cluster" };

/** Shared wording for API server and kubelet versions. */
export function supportVerdict(what: string, v: Version, ctx: CheckContext): { ok: boolean; message: string } {
  const s = kubernetesSupport(v, ctx.now);
  const age = tableAgeNote(ctx.now);
  // Providers sell support past the upstream date; the upstream date is still the one that stops fixes.
  const vendor = ["eks", "gke", "aks", "openshift"].includes(ctx.platform.name)
    ? `; ${platformLabel(ctx.platform.name)} may offer extended support, check the provider's calendar`
    : "";
  switch (s.state) {
    case "supported":
      return { ok: true, message: `${what} ${v.raw}: Kubernetes ${v.major}.${v.minor} is supported until ${s.endOfLife} (${s.daysLeft} days left)${age}` };
    case "newer-than-table":
      return { ok: true, message: `${what} ${v.raw} is newer than every release in the end-of-life table${age}` };
    case "end-of-life":
      return {
        ok: false,
        message: `${what} ${v.raw}: Kubernetes ${v.major}.${v.minor} reached upstream end of life${s.endOfLife ? ` on ${s.endOfLife}` : ""} and gets no security fixes${vendor}`,
      };
  }
}

export const kubernetesVersionSupported = defineCheck({
  id: "kubernetes-version-supported",
  title: "Cluster runs a supported Kubernetes release",
  severity: "high",
  category: "version",
  needs: ["version"],
  kinds: [],
  references: {},
  description:
    "Each Kubernetes minor gets security patches for about fourteen months. After its end-of-life date, vulnerabilities in the API server, scheduler and controllers stay open. The end-of-life dates are kept as a table with the date it was compiled.",
  remediation:
    "Upgrade the control plane one minor at a time to a release still in support (see kubernetes.io/releases), then the nodes, checking deprecated APIs before each step.",
  evaluate(ctx) {
    const raw = ctx.index.snapshot.version?.gitVersion;
    if (!raw) return []; // loose manifests carry no /version
    const v = parseVersion(raw);
    if (!v) return [unknown(CLUSTER, `cannot read the API server version "${raw}"`)];
    const verdict = supportVerdict("API server", v, ctx);
    return [verdict.ok ? pass(CLUSTER, verdict.message) : fail(CLUSTER, verdict.message)];
  },
});
