import { fail, pass, refOf } from "../helpers.js";
import { defineCheck } from "../types.js";
import { walk, walkLists } from "../rule-batch.js";
import type { KubeObject } from "../../snapshot/types.js";
import { DEPRECATED_API_KINDS, deprecationOf } from "./deprecated-apis.js";
import { parseVersion, type Version } from "./semver.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

const minor = (text: string) => parseVersion(text)!;

function controlled(obj: KubeObject): boolean {
  const owners = obj.metadata.ownerReferences;
  if (owners) for (let i = 0; i < owners.length; i++) if (owners[i]!.controller) return true;
  return false;
}
const atLeast = (v: Version, m: Version) => v.major > m.major || (v.major === m.major && v.minor >= m.minor);

/**
 * The apiVersion a person wrote. A live API server returns objects at the version
 * the reader asked for, so the authored one survives only in kubectl's
 * last-applied annotation; files carry it directly.
 */
function authoredApiVersion(obj: { apiVersion: string; metadata: { annotations?: Record<string, string> } }): string {
  const applied = obj.metadata.annotations?.[LAST_APPLIED];
  const m = applied ? /"apiVersion"\s*:\s*"([^"]+)"/.exec(applied) : null;
  return m?.[1] ?? obj.apiVersion;
}

export const deprecatedApiVersion = defineCheck({
  id: "deprecated-api-version",
  title: "Manifests use no deprecated or removed API versions",
  severity: "medium",
  category: "version",
  needs: ["objects", "version"],
  kinds: [...DEPRECATED_API_KINDS],
  references: { kubeScore: ["stable-version"], trivy: ["KSV-0107", "KSV107"] },
  description:
    "Objects written against deprecated API versions stop applying when the version is removed (extensions/v1beta1 in 1.16 and 1.22, batch/v1beta1 CronJob and policy/v1beta1 in 1.25, flowcontrol v1beta3 in 1.32), which turns the next upgrade into an outage. For live clusters the authored version is read from kubectl's last-applied annotation.",
  remediation: "Rewrite the manifest (or Helm chart) for the replacement API version, e.g. with `kubectl convert`, and re-apply it before upgrading.",
  evaluate(ctx) {
    const cluster = parseVersion(ctx.index.snapshot.version?.gitVersion);
    return walkLists(
      ctx,
      DEPRECATED_API_KINDS.map((kind) =>
        walk(ctx.index.ofKind(kind), (out) => {
          // Tens of thousands of objects share a handful of current apiVersions.
          const current = new Map<string, string>();
          return (obj) => {
            // Objects a controller created are written at current versions by the controller.
            if (controlled(obj)) return;
            const apiVersion = authoredApiVersion(obj);
            const d = deprecationOf(apiVersion, kind);
            if (!d) {
              // Most objects: counted, unless passes are kept, without a ref or message.
              if (!out.keepsPasses) return out.countPass();
              let message = current.get(apiVersion);
              if (message === undefined) current.set(apiVersion, (message = `${apiVersion} ${kind} is a current API`));
              return out.pass(refOf(obj), message);
            }
            const ref = refOf(obj);
            const to = d.replacement ? `; use ${d.replacement}` : "; the API was dropped without a replacement";
            if (cluster && atLeast(cluster, minor(d.removedIn))) {
              out.keep(fail(ref, `${apiVersion} ${kind} was removed in Kubernetes ${d.removedIn} and this cluster runs ${cluster.raw}${to}`));
            } else if (cluster && !atLeast(cluster, minor(d.deprecatedIn))) {
              out.keep(pass(ref, `${apiVersion} ${kind} is not yet deprecated on ${cluster.raw} (deprecated in ${d.deprecatedIn})`));
            } else {
              out.keep(fail(ref, `${apiVersion} ${kind} is deprecated since Kubernetes ${d.deprecatedIn} and removed in ${d.removedIn}${to}`));
            }
          };
        }),
      ),
    );
  },
});
