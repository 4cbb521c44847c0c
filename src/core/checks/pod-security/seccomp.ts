// The seccomp profile a container really gets: container field, then the legacy
// container annotation, then the pod field, then the legacy pod annotation (the
// kubelet's own precedence), and finally the kubelet's `seccompDefault`.
import type { SeccompProfile } from "../../snapshot/k8s-types.js";
import type { ClusterSnapshot } from "../../snapshot/types.js";
import type { EffectiveContainer, Workload } from "../../snapshot/workloads.js";
import { memoizeBy } from "../../memo.js";

export type SeccompSource = "container" | "container annotation" | "pod" | "pod annotation" | "kubelet default" | "none";

export interface EffectiveSeccomp {
  /** RuntimeDefault, Localhost, Unconfined, or whatever unexpected value the manifest holds. */
  type?: string;
  source: SeccompSource;
}

const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/** Kubernetes 1.27 stopped honouring the alpha seccomp annotations. */
const LAST_MINOR_WITH_ANNOTATIONS = 26;

function fromAnnotation(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === "runtime/default" || value === "docker/default") return "RuntimeDefault";
  if (value === "unconfined") return "Unconfined";
  if (value.startsWith("localhost/")) return "Localhost";
  return value;
}

function fromField(profile: SeccompProfile | null | undefined): string | undefined {
  return typeof profile?.type === "string" ? profile.type : undefined;
}

/** Minor version of the audited cluster, when the snapshot knows it. */
export function clusterMinor(snapshot: ClusterSnapshot): number | undefined {
  const v = snapshot.version;
  if (!v) return undefined;
  if (v.major === "1" && v.minor) {
    const m = Number.parseInt(v.minor, 10);
    if (Number.isFinite(m)) return m;
  }
  const match = /^v?1\.(\d+)/.exec(v.gitVersion);
  return match ? Number(match[1]) : undefined;
}

/** Without a version (plain manifests) we cannot tell, so the annotations count, as peers count them. */
export function legacyAnnotationsHonoured(snapshot: ClusterSnapshot): boolean {
  const minor = clusterMinor(snapshot);
  return minor === undefined || minor <= LAST_MINOR_WITH_ANNOTATIONS;
}

/** True when every kubelet whose configz we could read applies RuntimeDefault to unset profiles. */
export function kubeletsDefaultSeccomp(snapshot: ClusterSnapshot): boolean {
  const entries = Object.values(snapshot.kubeletConfigs);
  if (entries.length === 0) return false;
  return entries.every((e) => e.state === "listed" && e.config?.["seccompDefault"] === true);
}

export interface SeccompContext {
  annotationsHonoured: boolean;
  kubeletDefault: boolean;
}

// Asked once per failing container by the fix generator: compute once per snapshot.
export const seccompContext = memoizeBy(
  (snapshot: ClusterSnapshot): SeccompContext => ({ annotationsHonoured: legacyAnnotationsHonoured(snapshot), kubeletDefault: kubeletsDefaultSeccomp(snapshot) }),
);

export type PodView = Pick<Workload, "podSpec" | "podAnnotations">;

export function effectiveSeccomp(c: EffectiveContainer, w: PodView, sc: SeccompContext): EffectiveSeccomp {
  // Every source is read (a malformed annotation fails the same whichever source
  // wins), then the first set one wins; asked for every container by two checks,
  // so no list of candidates is built.
  const name = c.container?.name;
  const container = fromField(c.container?.securityContext?.seccompProfile);
  const containerAnnotation = sc.annotationsHonoured && name ? fromAnnotation(w.podAnnotations[CONTAINER_ANNOTATION_PREFIX + name]) : undefined;
  const pod = fromField(w.podSpec.securityContext?.seccompProfile);
  const podAnnotation = sc.annotationsHonoured ? fromAnnotation(w.podAnnotations[POD_ANNOTATION]) : undefined;
  if (container !== undefined) return answer(container, "container");
  if (containerAnnotation !== undefined) return answer(containerAnnotation, "container annotation");
  if (pod !== undefined) return answer(pod, "pod");
  if (podAnnotation !== undefined) return answer(podAnnotation, "pod annotation");
  if (sc.kubeletDefault) return answer("RuntimeDefault", "kubelet default");
  return NO_PROFILE;
}

// Two checks ask for every container, and the answers are a handful of pairs:
// the usual ones are shared (frozen) rather than allocated per question.
const NO_PROFILE: EffectiveSeccomp = Object.freeze({ source: "none" });
const USUAL_TYPES = ["RuntimeDefault", "Localhost", "Unconfined"];
const USUAL_ANSWERS = new Map<SeccompSource, Map<string, EffectiveSeccomp>>(
  (["container", "container annotation", "pod", "pod annotation", "kubelet default"] as const).map((source) => [
    source,
    new Map(USUAL_TYPES.map((type) => [type, Object.freeze({ type, source })])),
  ]),
);

function answer(type: string, source: SeccompSource): EffectiveSeccomp {
  return USUAL_ANSWERS.get(source)!.get(type) ?? { type, source };
}

export function isConfinedSeccomp(type: string | undefined): boolean {
  return type === "RuntimeDefault" || type === "Localhost";
}

/** Whether the manifest still carries annotations the cluster ignores (for the message). */
export function hasIgnoredAnnotation(c: EffectiveContainer, w: PodView): boolean {
  const name = c.container?.name;
  return w.podAnnotations[POD_ANNOTATION] !== undefined || (name !== undefined && w.podAnnotations[CONTAINER_ANNOTATION_PREFIX + name] !== undefined);
}
