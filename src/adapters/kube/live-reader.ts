// Reads a live cluster into a ClusterSnapshot: version, discovery, then every
// wanted kind listed page by page through one bounded pool, then (when asked)
// each kubelet's /configz. A kind that cannot be read is recorded and the read
// goes on; only a cluster that cannot be reached at all stops it.
import { NotAllowedError, UnavailableError } from "../../core/errors.js";
import type { ClusterSnapshot, KindVisibility, KubeletConfigEntry, KubeObject, VersionInfo } from "../../core/snapshot/types.js";
import type { ClusterReader, ReadSnapshotOptions } from "../../ports/cluster-reader.js";
import { failureVisibility, resolveKinds, statusReason, type KindResolution, type ServedKind } from "./discovery.js";
import { createKubeHttp, isObject, KubeConnectionError, type KubeHttp } from "./http.js";
import { describeKubeConfig, kubeConfigFor, type KubeTarget } from "./kube-config.js";
import { sanitizeObject } from "./sanitize.js";

export interface LiveReaderOptions extends KubeTarget {
  pageSize?: number;
  /** Most requests in flight at once, across kinds and nodes. */
  concurrency?: number;
  requestTimeoutMs?: number;
  /** How often a throttled request (429, or 5xx with Retry-After) is sent again. */
  retries?: number;
  /** The longest wait between two tries, whatever the server's Retry-After asks. */
  maxRetryWaitMs?: number;
  /** How often one kind's list may start over after its continue token expired. */
  maxListRestarts?: number;
  clock?: () => Date;
}

interface KindResult {
  visibility: KindVisibility;
  items: KubeObject[];
  restarts: number;
}

/** Throws InputError at once when the kubeconfig or context is unusable. */
export function createLiveClusterReader(options: LiveReaderOptions): ClusterReader {
  const kubeConfig = kubeConfigFor(options);
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 6;
  const maxRestarts = options.maxListRestarts ?? 3;
  const clock = options.clock ?? (() => new Date());

  async function listKind(http: KubeHttp, kind: ServedKind): Promise<KindResult> {
    for (let restarts = 0; ; restarts++) {
      const items: KubeObject[] = [];
      let token: string | undefined;
      let expired = false;
      do {
        const res = await http.get(kind.listPath, { limit: String(pageSize), continue: token });
        if (res.status === 410 && token !== undefined) {
          expired = true;
          break;
        }
        if (res.status !== 200) return { visibility: failureVisibility(res), items: [], restarts };
        const body = res.body;
        if (!isObject(body) || !Array.isArray(body["items"])) {
          return { visibility: { state: "error", reason: `unexpected answer to ${kind.listPath}` }, items: [], restarts };
        }
        for (const item of body["items"] as unknown[]) {
          if (!isObject(item) || !isObject(item["metadata"])) continue;
          // Typed lists (PodList) leave kind and apiVersion off their items.
          item["kind"] ??= kind.kind;
          item["apiVersion"] ??= kind.apiVersion;
          items.push(sanitizeObject(item as unknown as KubeObject));
        }
        const meta = body["metadata"];
        token = isObject(meta) && typeof meta["continue"] === "string" && meta["continue"] !== "" ? meta["continue"] : undefined;
      } while (token !== undefined);
      if (!expired) return { visibility: { state: "listed" }, items, restarts };
      if (restarts >= maxRestarts) {
        return {
          visibility: { state: "error", reason: `the list expired ${restarts + 1} times before it could be read to the end` },
          items: [],
          restarts,
        };
      }
    }
  }

  async function readConfigz(http: KubeHttp, node: string): Promise<KubeletConfigEntry> {
    try {
      const res = await http.get(`/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`);
      if (res.status !== 200) {
        const v = failureVisibility(res);
        // A 404 here means the node vanished or its kubelet has no configz: not an absent API.
        return { state: v.state === "absent" ? "error" : v.state, reason: v.reason ?? statusReason(res) };
      }
      const body = res.body;
      // Kubelets before 1.x named the field `componentconfig`.
      const config = isObject(body) ? (body["kubeletconfig"] ?? body["componentconfig"]) : undefined;
      if (!isObject(config)) return { state: "error", reason: "configz answer has no kubeletconfig object" };
      return { state: "listed", config };
    } catch (err) {
      if (err instanceof KubeConnectionError) return { state: "error", reason: err.message };
      throw err;
    }
  }

  return {
    async readSnapshot(read: ReadSnapshotOptions): Promise<ClusterSnapshot> {
      const capturedAt = clock().toISOString();
      const description = describeKubeConfig(kubeConfig);
      const notes: string[] = [];
      const http = createKubeHttp(kubeConfig, {
        concurrency,
        timeoutMs: options.requestTimeoutMs ?? 30_000,
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: options.maxRetryWaitMs } : {}),
      });
      const where = `the Kubernetes API at ${http.server} (${description})`;

      let version: VersionInfo | undefined;
      let resolved: Map<string, KindResolution>;
      try {
        version = await readVersion(http, where, notes);
        resolved = await resolveKinds(http, [...read.kinds], notes);
      } catch (err) {
        if (err instanceof KubeConnectionError) throw new UnavailableError(`cannot reach ${where}: ${err.message}`);
        throw err;
      }

      const total = read.kinds.size + (read.configz ? 1 : 0);
      let done = 0;
      const progress = (kind: string) => read.onProgress?.({ done: ++done, total, kind });

      const results = new Map<string, KindResult>();
      for (const [kind, r] of resolved) {
        if ("visibility" in r) {
          results.set(kind, { visibility: r.visibility, items: [], restarts: 0 });
          progress(kind);
        }
      }
      await Promise.all(
        [...resolved].map(async ([kind, r]) => {
          if (!("served" in r)) return;
          let result: KindResult;
          try {
            result = await listKind(http, r.served);
          } catch (err) {
            if (!(err instanceof KubeConnectionError)) throw err;
            result = { visibility: { state: "error", reason: err.message }, items: [], restarts: 0 };
          }
          results.set(kind, result);
          progress(kind);
        }),
      );

      const objects: KubeObject[] = [];
      const visibility: Record<string, KindVisibility> = {};
      for (const kind of read.kinds) {
        const r = results.get(kind)!;
        visibility[kind] = r.visibility;
        for (const o of r.items) objects.push(o);
        if (r.restarts > 0 && r.visibility.state === "listed") {
          notes.push(`the ${kind} list was restarted ${r.restarts} time(s) because its continue token expired`);
        }
      }
      summarize(visibility, notes);

      const kubeletConfigs: Record<string, KubeletConfigEntry> = {};
      if (read.configz) {
        const nodes = results.get("Node");
        if (!nodes || nodes.visibility.state !== "listed") {
          notes.push("kubelet configz was not read: the Node list is not available");
        } else {
          const names = nodes.items.map((n) => n.metadata.name);
          const entries = await Promise.all(names.map((n) => readConfigz(http, n)));
          names.forEach((n, i) => (kubeletConfigs[n] = entries[i]!));
          const forbidden = entries.filter((e) => e.state === "forbidden");
          if (forbidden.length > 0) {
            notes.push(`kubelet configz forbidden on ${forbidden.length} of ${names.length} node(s) (needs get on nodes/proxy): ${forbidden[0]!.reason}`);
          }
          const failed = entries.filter((e) => e.state === "error").length;
          if (failed > 0) notes.push(`kubelet configz could not be read on ${failed} of ${names.length} node(s)`);
        }
        progress("kubelet configz");
      }

      return {
        schemaVersion: 1,
        source: { type: "live", description, capturedAt },
        ...(version ? { version } : {}),
        objects,
        kubeletConfigs,
        visibility,
        complete: true,
        notes,
      };
    },
  };
}

/** The first call: tells an unreachable or unwelcoming server apart from a readable one. */
async function readVersion(http: KubeHttp, where: string, notes: string[]): Promise<VersionInfo | undefined> {
  const res = await http.get("/version");
  if (res.status === 401) throw new NotAllowedError(`${where} rejected the credentials (401 Unauthorized)`);
  if (res.status >= 500) throw new UnavailableError(`${where} is not serving requests: ${statusReason(res)}`);
  const body = res.body;
  if (res.status !== 200 || !isObject(body) || typeof body["gitVersion"] !== "string") {
    notes.push(`the server version could not be read (${statusReason(res)})`);
    return undefined;
  }
  const version: VersionInfo = { gitVersion: body["gitVersion"] };
  for (const key of ["major", "minor", "platform"] as const) if (typeof body[key] === "string") version[key] = body[key];
  return version;
}

function summarize(visibility: Record<string, KindVisibility>, notes: string[]): void {
  const byState = (state: KindVisibility["state"]) =>
    Object.entries(visibility)
      .filter(([, v]) => v.state === state)
      .map(([k]) => k);
  const forbidden = byState("forbidden");
  if (forbidden.length > 0) notes.push(`not allowed to list: ${forbidden.join(", ")}; checks that need them report unknown`);
  const failed = byState("error");
  if (failed.length > 0) notes.push(`could not list: ${failed.join(", ")}; checks that need them report unknown`);
}
