// Container image references as the container runtime reads them: the first
// path component is a registry host only when it looks like one (has a dot or a
// port, or is `localhost`); otherwise the image lives on Docker Hub, under
// `library/` when it has a single component. A digest may follow a tag.
import type { SnapshotIndex } from "../../snapshot/index.js";
import { memoizeBy } from "../../memo.js";

export interface ImageRef {
  /** Registry host, lower-cased, `docker.io` for Docker Hub (index.docker.io folded in). */
  registry: string;
  /** Repository path inside the registry, e.g. `library/nginx`. */
  repository: string;
  tag?: string;
  /** `sha256:...` when the reference pins a digest. */
  digest?: string;
  /** The reference as written. */
  raw: string;
}

const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (text === "") return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest === "" || rest === "") return undefined;
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (tag === "") return undefined;
  }
  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  const hasHost = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  let registry = hasHost ? first.toLowerCase() : "docker.io";
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = "docker.io";
    if (!repository.includes("/")) repository = `library/${repository}`;
  } else if (!hasHost && !repository.includes("/")) {
    repository = `library/${repository}`;
  }
  if (repository === "") return undefined;
  const ref: ImageRef = { registry, repository, raw: text };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

export type ImageParser = (raw: string) => ImageRef | undefined;

// Clusters run a few hundred distinct images in tens of thousands of containers,
// and five checks parse each container's image: parse each distinct string once
// per audit. The ImageRefs are shared, so callers never modify them.
export const imageParser = memoizeBy((_index: SnapshotIndex): ImageParser => {
  const parsed = new Map<string, ImageRef | undefined>();
  return (raw) => {
    let ref = parsed.get(raw);
    if (ref === undefined && !parsed.has(raw)) parsed.set(raw, (ref = parseImageRef(raw)));
    return ref;
  };
});

/** `registry/repository`, the string allow-lists and deny-lists are matched against. */
export function imageLocation(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/**
 * Whether the image lives under a configured prefix: a bare host (`gcr.io`), a
 * host and path (`gcr.io/my-project`), or a Docker Hub path (`docker.io/library`).
 * Prefixes match whole path components only, so `gcr.io/team` does not match
 * `gcr.io/team-b/app`.
 */
export function matchesRegistryPrefix(ref: ImageRef, prefix: string): boolean {
  return registryPrefix(prefix)(ref);
}

/** `matchesRegistryPrefix` for one prefix, read once: checks ask it of every container. */
export function registryPrefix(prefix: string): (ref: ImageRef) => boolean {
  const p = prefix.trim().replace(/\/+$/, "");
  if (p === "") return () => false;
  const slash = p.indexOf("/");
  const host = (slash >= 0 ? p.slice(0, slash) : p).toLowerCase();
  const path = slash >= 0 ? p.slice(slash + 1) : "";
  const normalizedHost = DOCKER_HUB_ALIASES.has(host) ? "docker.io" : host;
  const under = path + "/";
  return (ref) => normalizedHost === ref.registry && (path === "" || ref.repository === path || ref.repository.startsWith(under));
}

/**
 * The pull policy Kubernetes defaults to when none is set: Always for `:latest`
 * and for references with neither tag nor digest, IfNotPresent otherwise.
 */
export function effectivePullPolicy(
  image: string | undefined,
  policy: string | undefined,
  parse: ImageParser = parseImageRef,
): string | undefined {
  if (typeof policy === "string" && policy !== "") return policy;
  if (image === undefined) return undefined;
  const ref = parse(image);
  if (!ref) return undefined;
  return ref.tag === "latest" || (ref.tag === undefined && ref.digest === undefined) ? "Always" : "IfNotPresent";
}
