import { describe, expect, it } from "vitest";
import { snapshotFromManifests } from "./build.js";
import { ManifestError, parseManifestText } from "./parse.js";

describe("parseManifestText", () => {
  it("when YAML holds several documents, then each object is read and empty documents ignored", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n";
    expect(parseManifestText(text, "ns.yaml").objects.map((o) => o.metadata.name)).toEqual(["a", "b"]);
  });

  it("when YAML is broken, then the error names the file and the line", () => {
    const text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [oops\n";
    let error: unknown;
    try {
      parseManifestText(text, "bad.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).message).toMatch(/^bad\.yaml:\d+: invalid YAML/);
    expect((error as ManifestError).line).toBeGreaterThanOrEqual(4);
  });

  it("when JSON is broken, then the error names the file and the line", () => {
    expect(() => parseManifestText('{\n "kind": "Pod",\n "metadata": {\n}}}', "bad.json")).toThrow(/^bad\.json:\d+: invalid JSON/);
  });

  it("when given kubectl get -A -o json output, then the List items are read", () => {
    const list = { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n" } }] };
    expect(parseManifestText(JSON.stringify(list), "l.json").objects).toHaveLength(1);
  });

  it("when a typed list omits item kinds, then the kind comes from the list", () => {
    const list = { apiVersion: "v1", kind: "PodList", items: [{ metadata: { name: "p", namespace: "n" } }] };
    expect(parseManifestText(JSON.stringify(list), "l.json").objects[0]).toMatchObject({ kind: "Pod", apiVersion: "v1" });
  });

  it("when a document lacks kind or name, then it is skipped with a note naming file and line", () => {
    const parsed = parseManifestText("foo: bar\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n", "x.yaml");
    expect(parsed.objects).toHaveLength(1);
    expect(parsed.notes[0]).toMatch(/^x\.yaml:1: document has no apiVersion/);
  });

  it("when a HardenSnapshot bundle is read, then version, configz and visibility carry over", () => {
    const bundle = {
      apiVersion: "harden.dev/v1",
      kind: "HardenSnapshot",
      complete: true,
      version: { gitVersion: "v1.30.2" },
      kubeletConfigs: { n1: { state: "forbidden" } },
      visibility: { Secret: { state: "forbidden" } },
      objects: [{ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } }],
    };
    const snap = snapshotFromManifests([parseManifestText(JSON.stringify(bundle), "b.json")], { description: "b", capturedAt: "t" });
    expect(snap).toMatchObject({ complete: true, version: { gitVersion: "v1.30.2" }, source: { type: "snapshot" } });
    expect(snap.visibility["Secret"]?.state).toBe("forbidden");
    expect(snap.objects).toHaveLength(1);
  });

  it("when kinds no check reads are present, then they are dropped with one note", () => {
    const text = "apiVersion: x/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
    const snap = snapshotFromManifests([parseManifestText(text, "f")], { description: "f", capturedAt: "t", knownKinds: new Set(["Pod"]) });
    expect(snap.objects.map((o) => o.kind)).toEqual(["Pod"]);
    expect(snap.notes).toContain("skipped objects of kinds no check reads: Widget (1)");
  });
});
