// A local Kubernetes API server that speaks the real wire shape (discovery,
// typed lists with continue paging, Status errors, configz, GET/PATCH with
// optimistic concurrency and dry runs; patch semantics in kube-patch.ts), so
// adapters are tested through a normal kubeconfig without knowing they are under
// test. It keeps its own idea of which APIs exist instead of importing the
// reader's kind table, so a wrong plural or group in that table fails a test
// instead of agreeing with itself.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { isClusterScopedKind } from "../../src/core/snapshot/scope.js";
import type { KubeObject } from "../../src/core/snapshot/types.js";
import { PATCHES, PatchError } from "./kube-patch.js";

export interface FakeResource {
  group: string;
  version: string;
  kind: string;
  plural?: string;
  namespaced?: boolean;
}

export interface FakeKubeApiOptions {
  objects?: KubeObject[];
  /** Bearer token every request must carry; random by default, null accepts anything. */
  token?: string | null;
  context?: string;
  version?: Record<string, string>;
  /** APIs served even without objects (a CRD with no instances); built-ins are always served. */
  resources?: FakeResource[];
  /** Kinds whose endpoints answer 403, as RBAC would. */
  forbiddenKinds?: string[];
  /** Kind -> HTTP status its list endpoint answers instead of a list. */
  failingKinds?: Record<string, number>;
  /** Kind -> how many of its list requests answer 429 Too Many Requests (Retry-After: 1) before it is served. */
  throttledKinds?: Record<string, number>;
  /** Kinds whose first continued page answers 410 Gone (expired continue token). */
  expireContinueOnce?: string[];
  /** Node name -> kubelet configuration served at /api/v1/nodes/NAME/proxy/configz. */
  kubeletConfigs?: Record<string, Record<string, unknown>>;
  /** true, or node names, whose configz answers 403 (no `get nodes/proxy`). */
  forbiddenConfigz?: boolean | string[];
  /** Status that /api and /apis answer instead of discovery documents (a broken aggregated API). */
  discoveryStatus?: number;
  /** Delay before answering, so concurrent requests overlap and can be counted. */
  latencyMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  body?: unknown;
  authorized: boolean;
}

export interface FakeKubeApi {
  url: string;
  kubeconfigPath: string;
  token: string | null;
  context: string;
  requests: RecordedRequest[];
  setObjects(objects: KubeObject[]): void;
  objects(): KubeObject[];
  /** Most requests the server was handling at the same moment. */
  maxInFlight(): number;
  close(): Promise<void>;
}

interface Resource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Built-in types accept strategic merge patches and omit kind/apiVersion on list items. */
  builtin: boolean;
}

const BUILTIN: [string, string][] = [
  ["v1", "Namespace Node Pod Service ServiceAccount Secret ConfigMap LimitRange ResourceQuota PersistentVolume PersistentVolumeClaim Endpoints ReplicationController Event"],
  ["apps/v1", "Deployment ReplicaSet StatefulSet DaemonSet ControllerRevision"],
  ["batch/v1", "Job CronJob"],
  ["autoscaling/v2", "HorizontalPodAutoscaler"],
  ["policy/v1", "PodDisruptionBudget"],
  ["rbac.authorization.k8s.io/v1", "Role RoleBinding ClusterRole ClusterRoleBinding"],
  ["networking.k8s.io/v1", "NetworkPolicy Ingress IngressClass"],
  ["discovery.k8s.io/v1", "EndpointSlice"],
  ["admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration MutatingWebhookConfiguration ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding"],
  ["node.k8s.io/v1", "RuntimeClass"],
  ["scheduling.k8s.io/v1", "PriorityClass"],
  ["storage.k8s.io/v1", "StorageClass CSIDriver"],
  ["certificates.k8s.io/v1", "CertificateSigningRequest"],
  ["coordination.k8s.io/v1", "Lease"],
  ["apiextensions.k8s.io/v1", "CustomResourceDefinition"],
  ["apiregistration.k8s.io/v1", "APIService"],
  ["flowcontrol.apiserver.k8s.io/v1", "FlowSchema PriorityLevelConfiguration"],
];
const BUILTIN_GROUPS = new Set(BUILTIN.map(([gv]) => splitApiVersion(gv)[0]));
const IRREGULAR_PLURALS: Record<string, string> = {
  Endpoints: "endpoints",
  SecurityContextConstraints: "securitycontextconstraints",
  TracingPolicyNamespaced: "tracingpoliciesnamespaced",
};

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf("/");
  return i < 0 ? ["", apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

function pluralOf(kind: string): string {
  if (IRREGULAR_PLURALS[kind]) return IRREGULAR_PLURALS[kind];
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const clone = <T>(x: T): T => structuredClone(x);

/** Writes a kubeconfig whose only context points at `server` (also used for unreachable-server tests). */
export function writeFakeKubeconfig(options: { server: string; token?: string | null; context?: string }): {
  path: string;
  dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), "harden-kube-"));
  const path = join(dir, "kubeconfig");
  const context = options.context ?? "fake";
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "fake-cluster", cluster: { server: options.server, "insecure-skip-tls-verify": true } }],
    users: [{ name: "fake-user", user: options.token ? { token: options.token } : {} }],
    contexts: [{ name: context, context: { cluster: "fake-cluster", user: "fake-user", namespace: "default" } }],
    "current-context": context,
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
  return { path, dir };
}

export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const token = options.token === undefined ? randomBytes(16).toString("hex") : options.token;
  const context = options.context ?? "fake";
  const requests: RecordedRequest[] = [];
  const expired = new Set<string>();
  const throttled = new Map(Object.entries(options.throttledKinds ?? {}));
  let store = new Map<string, KubeObject[]>(); // "group\0kind" -> objects
  let objectTypes = new Map<string, [string, string]>(); // the apiVersion/kind pairs objects use
  let resourceVersion = 1000;
  let inFlight = 0;
  let maxInFlight = 0;

  const typeKey = (group: string, kind: string) => `${group}\u0000${kind}`;

  function setObjects(objects: KubeObject[]): void {
    store = new Map();
    objectTypes = new Map();
    for (const o of objects) {
      objectTypes.set(`${o.apiVersion}\u0000${o.kind}`, [o.apiVersion, o.kind]);
      const obj = clone(o);
      obj.metadata.resourceVersion ??= String(++resourceVersion);
      obj.metadata.uid ??= randomBytes(8).toString("hex");
      if (!isClusterScopedKind(obj.kind)) obj.metadata.namespace ??= "default";
      const key = typeKey(splitApiVersion(obj.apiVersion)[0], obj.kind);
      const list = store.get(key);
      if (list) list.push(obj);
      else store.set(key, [obj]);
    }
  }
  setObjects(options.objects ?? []);

  function resources(): Resource[] {
    const out = new Map<string, Resource>();
    const add = (group: string, version: string, kind: string, plural?: string, namespaced?: boolean) => {
      const key = `${group}/${version}/${kind}`;
      if (out.has(key)) return;
      out.set(key, {
        group,
        version,
        kind,
        plural: plural ?? pluralOf(kind),
        namespaced: namespaced ?? !isClusterScopedKind(kind),
        builtin: BUILTIN_GROUPS.has(group),
      });
    };
    for (const [gv, kinds] of BUILTIN) for (const k of kinds.split(" ")) add(...splitApiVersion(gv), k);
    for (const r of options.resources ?? []) add(r.group, r.version, r.kind, r.plural, r.namespaced);
    for (const [apiVersion, kind] of objectTypes.values()) add(...splitApiVersion(apiVersion), kind);
    return [...out.values()];
  }

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const status = (res: ServerResponse, code: number, reason: string, message: string, extra: Record<string, unknown> = {}) =>
    send(res, code, { kind: "Status", apiVersion: "v1", metadata: extra, status: "Failure", message, reason, code });
  const resourceName = (r: Resource) => (r.group ? `${r.plural}.${r.group}` : r.plural);

  function present(o: KubeObject, r: Resource, inList: boolean): Record<string, unknown> {
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    if (inList && r.builtin) {
      const { kind: _k, apiVersion: _a, ...rest } = o;
      return rest;
    }
    return { ...o, apiVersion };
  }

  function list(res: ServerResponse, r: Resource, ns: string | undefined, query: URLSearchParams): void {
    const all = (store.get(typeKey(r.group, r.kind)) ?? []).filter((o) => ns === undefined || o.metadata.namespace === ns);
    const limit = Number(query.get("limit") ?? 0) || all.length;
    let offset = 0;
    const token = query.get("continue");
    if (token) {
      try {
        offset = (JSON.parse(Buffer.from(token, "base64url").toString()) as { offset: number }).offset;
        if (!Number.isInteger(offset)) throw new Error("bad offset");
      } catch {
        return status(res, 400, "BadRequest", "continue key is not valid");
      }
      if (options.expireContinueOnce?.includes(r.kind) && !expired.has(r.kind)) {
        expired.add(r.kind);
        return status(res, 410, "Expired", "The provided continue parameter is too old to display a consistent list result.");
      }
    }
    const end = offset + limit;
    const metadata: Record<string, unknown> = { resourceVersion: String(resourceVersion) };
    if (end < all.length) {
      metadata["continue"] = Buffer.from(JSON.stringify({ offset: end, rv: resourceVersion })).toString("base64url");
      metadata["remainingItemCount"] = all.length - end;
    }
    send(res, 200, {
      kind: `${r.kind}List`,
      apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
      metadata,
      items: all.slice(offset, end).map((o) => present(o, r, true)),
    });
  }

  function patch(res: ServerResponse, r: Resource, target: KubeObject, req: RecordedRequest, dryRun: boolean): void {
    const type = (req.contentType ?? "").split(";")[0]!.trim();
    const unsupported = "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json";
    if (type === "application/strategic-merge-patch+json" && !r.builtin) return status(res, 415, "UnsupportedMediaType", unsupported);
    if (req.body === undefined) return status(res, 400, "BadRequest", "the patch body is not valid JSON");
    const wantedVersion = isObj(req.body) && isObj(req.body["metadata"]) ? req.body["metadata"]["resourceVersion"] : undefined;
    if (wantedVersion !== undefined && wantedVersion !== target.metadata.resourceVersion) {
      return status(res, 409, "Conflict", `Operation cannot be fulfilled on ${resourceName(r)} "${target.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    const apply = PATCHES[type];
    if (!apply) return status(res, 415, "UnsupportedMediaType", unsupported);
    let patched: unknown;
    try {
      patched = apply(target, req.body);
    } catch (err) {
      if (err instanceof PatchError) return status(res, 422, "Invalid", err.message);
      throw err;
    }
    if (!isObj(patched) || !isObj(patched["metadata"])) return status(res, 422, "Invalid", "the patch removed the object's metadata");
    // Identity is immutable; the server, not the patch, owns resourceVersion.
    const result = { ...patched, kind: target.kind, apiVersion: target.apiVersion } as KubeObject;
    result.metadata = {
      ...(patched["metadata"] as KubeObject["metadata"]),
      name: target.metadata.name,
      ...(target.metadata.namespace !== undefined ? { namespace: target.metadata.namespace } : {}),
      ...(target.metadata.uid !== undefined ? { uid: target.metadata.uid } : {}),
      resourceVersion: dryRun ? target.metadata.resourceVersion : String(++resourceVersion),
    };
    if (!dryRun) {
      const list = store.get(typeKey(r.group, r.kind))!;
      list[list.indexOf(target)] = result;
    }
    send(res, 200, present(result, r, false));
  }

  function configz(res: ServerResponse, node: string): void {
    if (!store.get(typeKey("", "Node"))?.some((n) => n.metadata.name === node)) {
      return status(res, 404, "NotFound", `nodes "${node}" not found`);
    }
    const forbidden = options.forbiddenConfigz === true || (Array.isArray(options.forbiddenConfigz) && options.forbiddenConfigz.includes(node));
    if (forbidden) {
      return status(res, 403, "Forbidden", `nodes "${node}" is forbidden: User "system:serviceaccount:harden:auditor" cannot get resource "nodes/proxy" in API group "" at the cluster scope`);
    }
    const config = options.kubeletConfigs?.[node];
    if (!config) return status(res, 503, "ServiceUnavailable", `error trying to reach service: dial tcp 10.0.0.1:10250: connect: connection refused`);
    send(res, 200, { kubeletconfig: config });
  }

  function route(res: ServerResponse, url: URL, req: RecordedRequest): void {
    const seg = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (req.method === "GET" && url.pathname === "/version") {
      return send(res, 200, { major: "1", minor: "31", gitVersion: "v1.31.4", platform: "linux/amd64", ...options.version });
    }
    const served = resources();
    if (options.discoveryStatus && (url.pathname === "/api" || url.pathname === "/apis")) {
      return status(res, options.discoveryStatus, "ServiceUnavailable", "the server is currently unable to handle the request");
    }
    if (req.method === "GET" && url.pathname === "/api") {
      return send(res, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] });
    }
    if (req.method === "GET" && url.pathname === "/apis") {
      const groups = new Map<string, string[]>();
      for (const r of served) if (r.group && !groups.get(r.group)?.includes(r.version)) groups.set(r.group, [...(groups.get(r.group) ?? []), r.version]);
      return send(res, 200, {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
        })),
      });
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (seg[0] === "api" && seg.length >= 2) [group, version, rest] = ["", seg[1]!, seg.slice(2)];
    else if (seg[0] === "apis" && seg.length >= 3) [group, version, rest] = [seg[1]!, seg[2]!, seg.slice(3)];
    else return status(res, 404, "NotFound", "the server could not find the requested resource");
    const inGroup = served.filter((r) => r.group === group && r.version === version);
    if (inGroup.length === 0) return status(res, 404, "NotFound", "the server could not find the requested resource");
    if (rest.length === 0) {
      return send(res, 200, {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: group ? `${group}/${version}` : version,
        resources: inGroup.flatMap((r) => [
          { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ["get", "list", "patch"] },
          { name: `${r.plural}/status`, singularName: "", namespaced: r.namespaced, kind: r.kind, verbs: ["get", "patch"] },
        ]),
      });
    }
    let ns: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3) [ns, rest] = [rest[1], rest.slice(2)];
    const [plural, name, ...sub] = rest;
    const r = inGroup.find((x) => x.plural === plural);
    if (!r || (ns !== undefined && !r.namespaced)) return status(res, 404, "NotFound", "the server could not find the requested resource");
    const verb = req.method === "PATCH" ? "patch" : name ? "get" : "list";
    if (options.forbiddenKinds?.includes(r.kind)) {
      const scope = ns !== undefined ? `in the namespace "${ns}"` : "at the cluster scope";
      return status(res, 403, "Forbidden", `${resourceName(r)} is forbidden: User "system:serviceaccount:harden:auditor" cannot ${verb} resource "${r.plural}" in API group "${r.group}" ${scope}`);
    }
    if ((throttled.get(r.kind) ?? 0) > 0) {
      throttled.set(r.kind, throttled.get(r.kind)! - 1);
      res.setHeader("Retry-After", "1");
      return status(res, 429, "TooManyRequests", "Too many requests, please try again later.");
    }
    const failing = options.failingKinds?.[r.kind];
    if (failing !== undefined) return status(res, failing, "InternalError", `fake failure listing ${resourceName(r)}`);
    if (r.kind === "Node" && name !== undefined && sub.join("/") === "proxy/configz" && req.method === "GET") return configz(res, name);
    if (sub.length > 0) return status(res, 404, "NotFound", "the server could not find the requested resource");
    if (name === undefined) {
      if (req.method !== "GET") return status(res, 405, "MethodNotAllowed", `${req.method} is not supported on a collection`);
      return list(res, r, ns, url.searchParams);
    }
    const target = store.get(typeKey(r.group, r.kind))?.find((o) => o.metadata.name === name && (!r.namespaced || o.metadata.namespace === ns));
    if (!target || (r.namespaced && ns === undefined)) return status(res, 404, "NotFound", `${resourceName(r)} "${name}" not found`);
    if (req.method === "GET") return send(res, 200, present(target, r, false));
    if (req.method !== "PATCH") return status(res, 405, "MethodNotAllowed", `${req.method} is not supported by this fake`);
    const dryRun = url.searchParams.get("dryRun");
    if (dryRun !== null && dryRun !== "All") return status(res, 400, "BadRequest", `Invalid dry run value: ${dryRun}`);
    return patch(res, r, target, req, dryRun === "All");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // `finish` fires before the client can see the answer and send its next request.
    let counted = true;
    const leave = () => {
      if (counted) inFlight--;
      counted = false;
    };
    res.on("finish", leave);
    res.on("close", leave);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(req.headers["content-type"] ? { contentType: req.headers["content-type"] } : {}),
      ...(body !== undefined ? { body } : {}),
      authorized: token === null || req.headers.authorization === `Bearer ${token}`,
    };
    requests.push(recorded);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (!recorded.authorized) return status(res, 401, "Unauthorized", "Unauthorized");
    route(res, url, recorded);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) status(res, 500, "InternalError", `fake kube api crashed: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = writeFakeKubeconfig({ server: url, token, context });

  return {
    url,
    kubeconfigPath: kubeconfig.path,
    token,
    context,
    requests,
    setObjects,
    objects: () => [...store.values()].flat().map(clone),
    maxInFlight: () => maxInFlight,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(kubeconfig.dir, { recursive: true, force: true });
    },
  };
}
