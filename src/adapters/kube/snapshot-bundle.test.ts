import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { snapshotFromManifests } from "../../core/snapshot/build.js";
import { parseManifestText } from "../../core/snapshot/parse.js";
import type { ClusterSnapshot } from "../../core/snapshot/types.js";
import { toBundle } from "./snapshot-bundle.js";

const snapshot: ClusterSnapshot = {
  schemaVersion: 1,
  source: { type: "live", description: "context prod-admin", capturedAt: "2026-03-04T05:06:07.000Z" },
  version: { gitVersion: "v1.30.2-eks-1234", major: "1", minor: "30+", platform: "linux/amd64" },
  objects: [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "api", namespace: "web", managedFields: [{ time: "2026-01-01T00:00:00Z" }] },
      spec: { template: { spec: { containers: [{ name: "api", image: "api:1" }] } } },
    },
    { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: { name: "db", namespace: "web" }, data: { password: "" } },
  ],
  kubeletConfigs: {
    "node-1": { state: "listed", config: { readOnlyPort: 0 } },
    "node-2": { state: "forbidden", reason: "nodes/proxy is forbidden" },
  },
  visibility: {
    Namespace: { state: "listed" },
    Deployment: { state: "listed" },
    Secret: { state: "listed" },
    ClusterRole: { state: "forbidden", reason: "cannot list clusterroles" },
    PeerAuthentication: { state: "absent", reason: "not served" },
  },
  complete: true,
  notes: ["not allowed to list: ClusterRole"],
};

function readBack(text: string, file: string): ClusterSnapshot {
  return snapshotFromManifests([parseManifestText(text, file)], { description: file, capturedAt: "1999-01-01T00:00:00Z" });
}

describe("snapshot bundle", () => {
  it.each([
    ["JSON", (b: unknown) => JSON.stringify(b, null, 2), "snapshot.json"],
    ["YAML", (b: unknown) => stringify(b), "snapshot.yaml"],
  ])("when a snapshot is saved as %s and read back, then objects, version, configz, visibility and provenance survive", (_, write, file) => {
    const back = readBack(write(toBundle(snapshot)), file);
    expect(back.objects).toEqual(snapshot.objects);
    expect(back.version).toEqual(snapshot.version);
    expect(back.kubeletConfigs).toEqual(snapshot.kubeletConfigs);
    expect(back.visibility).toEqual(snapshot.visibility);
    expect(back.complete).toBe(true);
    expect(back.source).toEqual({ type: "snapshot", description: "context prod-admin", capturedAt: "2026-03-04T05:06:07.000Z" });
  });

  it("when bundled, then the document is a harden.dev/v1 HardenSnapshot of schema 1", () => {
    expect(toBundle(snapshot)).toMatchObject({ apiVersion: "harden.dev/v1", kind: "HardenSnapshot", schemaVersion: 1 });
  });

  it("when a snapshot has no version, then the bundle has no version key", () => {
    const { version: _, ...rest } = snapshot;
    expect(toBundle(rest)).not.toHaveProperty("version");
  });
});
