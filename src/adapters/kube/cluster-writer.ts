// The ClusterWriter port for remediation: GET one object, PATCH it (server-side dry
// run first, then for real) under an optimistic lock on its resourceVersion. Raw
// requests with client-node's credentials, like the reader (see http.ts for why
// the typed clients are not used): a patch must reach the server exactly as
// planned, and the object must come back with every field it has.
//
// What it needs in RBAC: `get` and `patch` on the kinds remediation fixes, and
// nothing else. Objects coming back pass the same sanitizer as the reader's, so
// a Secret's values never leave this file.
import type http from "node:http";
import type https from "node:https";
import type { RemediationPatch, ResourceRef } from "../../core/checks/types.js";
import { ConflictError, InputError, NotAllowedError, NotFoundError, UnavailableError } from "../../core/errors.js";
import type { KubeObject } from "../../core/snapshot/types.js";
import type { ClusterWriter, PatchOptions } from "../../ports/cluster-writer.js";
import { statusReason } from "./discovery.js";
import { firstLine, isObject, KubeConnectionError, sendKubeRequest, serverOf, type KubeResponse } from "./http.js";
import { describeKubeConfig, kubeConfigFor, type KubeTarget } from "./kube-config.js";
import { groupVersionPath, kindApi } from "./kinds.js";
import { sanitizeObject } from "./sanitize.js";

export interface ClusterWriterOptions extends KubeTarget {
  requestTimeoutMs?: number;
}

const CONTENT_TYPE: Record<RemediationPatch["patchType"], string> = {
  "strategic-merge": "application/strategic-merge-patch+json",
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
};

const FIELD_MANAGER = "harden";
/** The API server's message when a path names no API at all (not a missing object). */
const NO_SUCH_API = "the server could not find the requested resource";

/**
 * Puts the resourceVersion precondition into the patch itself, which is how the API
 * server takes one for PATCH: in the metadata for merge patches, as a `test`
 * operation for JSON patches.
 */
export function withPrecondition(patchType: RemediationPatch["patchType"], patch: unknown, resourceVersion: string | undefined): unknown {
  if (resourceVersion === undefined) return patch;
  if (patchType === "json") {
    if (!Array.isArray(patch)) throw new InputError("a JSON patch must be a list of operations");
    return [{ op: "test", path: "/metadata/resourceVersion", value: resourceVersion }, ...patch];
  }
  if (!isObject(patch)) throw new InputError(`a ${patchType} patch must be an object`);
  const metadata = isObject(patch["metadata"]) ? patch["metadata"] : {};
  return { ...patch, metadata: { ...metadata, resourceVersion } };
}

const label = (ref: ResourceRef) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;

export function createClusterWriter(options: ClusterWriterOptions): ClusterWriter {
  const kubeConfig = kubeConfigFor(options);
  const server = serverOf(kubeConfig);
  const where = `the Kubernetes API at ${server} (${describeKubeConfig(kubeConfig)})`;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  /** Kind -> the API version that answered, so later calls skip versions the server lacks. */
  const servedVersion = new Map<string, string>();

  async function request(method: "GET" | "PATCH", path: string, query: Record<string, string>, body?: { contentType: string; json: unknown }): Promise<KubeResponse> {
    const creds: https.RequestOptions = {};
    try {
      await kubeConfig.applyToHTTPSOptions(creds);
    } catch (err) {
      throw new UnavailableError(`credentials for ${where} could not be obtained: ${err instanceof Error ? firstLine(err.message) : "unknown failure"}`);
    }
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    try {
      return await sendKubeRequest(url, { method, creds, agent: creds.agent as http.Agent | undefined, timeoutMs, body });
    } catch (err) {
      if (err instanceof KubeConnectionError) throw new UnavailableError(`cannot reach ${where}: ${err.message}`);
      throw err;
    }
  }

  /** The object's URL under each version the kind may be served at, the one known to work first. */
  function objectPaths(ref: ResourceRef): { version: string; path: string }[] {
    const api = kindApi(ref.kind);
    if (!api) throw new InputError(`harden does not know where ${ref.kind} objects live in the API`);
    const namespaced = api.namespaced;
    if (namespaced && !ref.namespace) throw new InputError(`${ref.kind} ${ref.name} needs a namespace`);
    const known = servedVersion.get(ref.kind);
    const fromRef = ref.apiVersion?.includes("/") ? ref.apiVersion.split("/")[1] : ref.apiVersion;
    const versions = [...new Set([known, fromRef, ...api.versions].filter((v): v is string => !!v && api.versions.includes(v)))];
    const scope = namespaced ? `/namespaces/${encodeURIComponent(ref.namespace!)}` : "";
    return versions.map((version) => ({ version, path: `${groupVersionPath(api.group, version)}${scope}/${api.plural}/${encodeURIComponent(ref.name)}` }));
  }

  function failure(res: KubeResponse, ref: ResourceRef, action: string): Error {
    const reason = statusReason(res);
    switch (res.status) {
      case 401:
        return new NotAllowedError(`${where} rejected the credentials (401 Unauthorized)`);
      case 403:
        return new NotAllowedError(`not allowed to ${action} ${label(ref)}: ${reason}`);
      case 404:
        return new NotFoundError(`${label(ref)} no longer exists`);
      case 409:
        return new ConflictError(`${label(ref)} changed since the patch was planned (${reason})`);
      case 400:
      case 415:
      case 422:
        // A failed `test` of the resourceVersion is the JSON-patch form of a 409.
        if (/\/metadata\/resourceVersion/.test(reason)) return new ConflictError(`${label(ref)} changed since the patch was planned`);
        return new InputError(`the API server refused to ${action} ${label(ref)}: ${reason}`);
      default:
        if (res.status === 429 || res.status >= 500) return new UnavailableError(`${where} could not ${action} ${label(ref)}: ${reason}`);
        return new Error(`unexpected answer to ${action} ${label(ref)}: ${reason}`);
    }
  }

  const received = (res: KubeResponse, ref: ResourceRef, action: string): KubeObject => {
    const body = res.body;
    if (!isObject(body) || !isObject(body["metadata"])) throw new Error(`unexpected answer to ${action} ${label(ref)}: not an object`);
    body["kind"] ??= ref.kind;
    return sanitizeObject(body as unknown as KubeObject);
  };

  /** 404 because the API version is not served (try the next one), not because the object is missing. */
  const apiMissing = (res: KubeResponse) => res.status === 404 && statusReason(res) === NO_SUCH_API;

  return {
    async get(ref: ResourceRef): Promise<KubeObject | undefined> {
      for (const { version, path } of objectPaths(ref)) {
        const res = await request("GET", path, {});
        if (apiMissing(res)) continue;
        if (res.status === 404) return undefined;
        if (res.status !== 200) throw failure(res, ref, "read");
        servedVersion.set(ref.kind, version);
        return received(res, ref, "read");
      }
      return undefined;
    },

    async patch(ref: ResourceRef, patch: Pick<RemediationPatch, "patch" | "patchType">, opts: PatchOptions): Promise<KubeObject> {
      const contentType = CONTENT_TYPE[patch.patchType];
      if (!contentType) throw new InputError(`unknown patch type ${String(patch.patchType)}`);
      const json = withPrecondition(patch.patchType, patch.patch, opts.resourceVersion);
      const query: Record<string, string> = { fieldManager: opts.fieldManager ?? FIELD_MANAGER };
      if (opts.dryRun) query["dryRun"] = "All";
      const action = opts.dryRun ? "dry-run a patch of" : "patch";
      for (const { version, path } of objectPaths(ref)) {
        const res = await request("PATCH", path, query, { contentType, json });
        if (apiMissing(res)) continue;
        if (res.status !== 200 && res.status !== 201) throw failure(res, ref, action);
        servedVersion.set(ref.kind, version);
        return received(res, ref, action);
      }
      throw new NotFoundError(`the API server does not serve ${ref.kind}`);
    },
  };
}
