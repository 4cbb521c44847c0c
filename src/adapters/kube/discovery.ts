// Learns which of the wanted kinds this cluster serves, at which version, before
// anything is listed: a kind whose API is not served is `absent` (the cluster has
// no Istio, no Kyverno), which is a different answer from `forbidden` or `error`.
import type { KindVisibility } from "../../core/snapshot/types.js";
import { KubeConnectionError, type KubeHttp, type KubeResponse } from "./http.js";
import { apiVersionOf, groupVersionPath, kindApi } from "./kinds.js";

export interface ServedKind {
  kind: string;
  apiVersion: string;
  /** `/api/v1/pods`, `/apis/apps/v1/deployments`: the all-namespaces list path. */
  listPath: string;
}

export type KindResolution = { served: ServedKind } | { visibility: KindVisibility };

interface ApiResource {
  name?: string;
  kind?: string;
}

/** The Status message the API server sends with an error, or the HTTP code. */
export function statusReason(res: KubeResponse): string {
  const body = res.body as { kind?: unknown; message?: unknown } | undefined;
  // Kept to one line: reasons end up in one-line errors, notes and Slack messages.
  if (body && body.kind === "Status" && typeof body.message === "string" && body.message) return body.message.replace(/\s*\n\s*/g, " ");
  return `HTTP ${res.status}${res.excerpt ? `: ${res.excerpt}` : ""}`;
}

export function failureVisibility(res: KubeResponse): KindVisibility {
  if (res.status === 403) return { state: "forbidden", reason: statusReason(res) };
  if (res.status === 404) return { state: "absent", reason: statusReason(res) };
  return { state: "error", reason: statusReason(res) };
}

/** Group/versions the server lists in /api and /apis; undefined when discovery itself failed. */
async function servedGroupVersions(http: KubeHttp, notes: string[]): Promise<Set<string> | undefined> {
  const [core, groups] = await Promise.all([http.get("/api"), http.get("/apis")]);
  if (core.status !== 200 || groups.status !== 200) {
    const bad = core.status !== 200 ? core : groups;
    notes.push(`API discovery failed (${statusReason(bad)}); every kind was listed directly`);
    return undefined;
  }
  const served = new Set<string>();
  for (const v of (core.body as { versions?: unknown[] }).versions ?? []) if (typeof v === "string") served.add(v);
  for (const g of (groups.body as { groups?: { versions?: { groupVersion?: unknown }[] }[] }).groups ?? []) {
    for (const v of g.versions ?? []) if (typeof v.groupVersion === "string") served.add(v.groupVersion);
  }
  return served;
}

export async function resolveKinds(
  http: KubeHttp,
  kinds: readonly string[],
  notes: string[],
): Promise<Map<string, KindResolution>> {
  const out = new Map<string, KindResolution>();
  const served = await servedGroupVersions(http, notes);
  const candidates = new Map<string, { group: string; version: string }[]>();
  for (const kind of kinds) {
    const table = kindApi(kind);
    if (!table) {
      out.set(kind, { visibility: { state: "error", reason: `harden does not know which API serves ${kind}` } });
      continue;
    }
    if (!served) {
      // Without discovery, try the preferred version; a 404 on the list says `absent`.
      const version = table.versions[0]!;
      out.set(kind, {
        served: {
          kind,
          apiVersion: apiVersionOf(table.group, version),
          listPath: `${groupVersionPath(table.group, version)}/${table.plural}`,
        },
      });
      continue;
    }
    const list = table.versions.filter((v) => served.has(apiVersionOf(table.group, v))).map((version) => ({ group: table.group, version }));
    if (list.length === 0) {
      out.set(kind, {
        visibility: { state: "absent", reason: `the cluster does not serve ${table.group || "the core API"} ${table.versions.join(" or ")}` },
      });
    } else candidates.set(kind, list);
  }

  // One resource list per group/version that some wanted kind may live in.
  const gvs = new Set([...candidates.values()].flat().map((c) => apiVersionOf(c.group, c.version)));
  const resourceLists = new Map<string, KubeResponse | KubeConnectionError>(
    await Promise.all(
      [...gvs].map(async (gv): Promise<[string, KubeResponse | KubeConnectionError]> => {
        const [group, version] = gv.includes("/") ? (gv.split("/") as [string, string]) : ["", gv];
        try {
          return [gv, await http.get(groupVersionPath(group, version))];
        } catch (err) {
          if (err instanceof KubeConnectionError) return [gv, err];
          throw err;
        }
      }),
    ),
  );

  for (const [kind, list] of candidates) {
    let failure: KindVisibility | undefined;
    let found: ServedKind | undefined;
    for (const { group, version } of list) {
      const gv = apiVersionOf(group, version);
      const res = resourceLists.get(gv)!;
      if (res instanceof KubeConnectionError) {
        failure ??= { state: "error", reason: res.message };
        continue;
      }
      if (res.status !== 200) {
        failure ??= failureVisibility(res);
        continue;
      }
      const resources = ((res.body as { resources?: ApiResource[] }).resources ?? []).filter(
        (r) => r.kind === kind && typeof r.name === "string" && !r.name.includes("/"),
      );
      const resource = resources[0];
      if (resource) {
        found = { kind, apiVersion: gv, listPath: `${groupVersionPath(group, version)}/${resource.name}` };
        break;
      }
    }
    if (found) out.set(kind, { served: found });
    else if (failure && failure.state !== "absent") out.set(kind, { visibility: failure });
    else out.set(kind, { visibility: { state: "absent", reason: `${kind} is not served by ${list.map((c) => apiVersionOf(c.group, c.version)).join(", ")}` } });
  }
  return out;
}
