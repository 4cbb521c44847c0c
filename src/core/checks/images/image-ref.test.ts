import { describe, expect, it } from "vitest";
import { effectivePullPolicy, imageLocation, matchesRegistryPrefix, parseImageRef } from "./image-ref.js";

describe("parseImageRef", () => {
  it("when the image is a bare Docker Hub name, then it resolves to docker.io/library without a tag", () => {
    expect(parseImageRef("nginx")).toEqual({ registry: "docker.io", repository: "library/nginx", raw: "nginx" });
  });

  it("when the first component has no dot or port, then it is a Docker Hub organisation, not a host", () => {
    expect(parseImageRef("bitnami/redis:7.4")).toMatchObject({ registry: "docker.io", repository: "bitnami/redis", tag: "7.4" });
  });

  it("when the host has a port and no tag, then the port is not taken for a tag", () => {
    expect(parseImageRef("registry.local:5000/team/app")).toEqual({
      registry: "registry.local:5000",
      repository: "team/app",
      raw: "registry.local:5000/team/app",
    });
    expect(parseImageRef("localhost/app:dev")).toMatchObject({ registry: "localhost", repository: "app", tag: "dev" });
  });

  it("when a tag and a digest are both present, then both are kept", () => {
    expect(parseImageRef("gcr.io/proj/app:1.0@sha256:abc123")).toMatchObject({
      registry: "gcr.io",
      repository: "proj/app",
      tag: "1.0",
      digest: "sha256:abc123",
    });
  });

  it("when Docker Hub is named explicitly, then it folds into docker.io/library", () => {
    expect(imageLocation(parseImageRef("index.docker.io/nginx:1.27")!)).toBe("docker.io/library/nginx");
    expect(imageLocation(parseImageRef("docker.io/nginx")!)).toBe("docker.io/library/nginx");
  });

  it("when the host is written in upper case, then the host compares lower-cased", () => {
    expect(parseImageRef("Registry.Example.com/App:1")).toMatchObject({ registry: "registry.example.com", repository: "App" });
  });

  it("when the reference is empty or truncated, then it does not parse", () => {
    expect(parseImageRef("")).toBeUndefined();
    expect(parseImageRef("nginx:")).toBeUndefined();
    expect(parseImageRef("nginx@")).toBeUndefined();
    expect(parseImageRef("@sha256:abc")).toBeUndefined();
  });
});

describe("matchesRegistryPrefix", () => {
  const ref = (s: string) => parseImageRef(s)!;

  it("when the prefix is a host, then every image on that host matches", () => {
    expect(matchesRegistryPrefix(ref("gcr.io/team/app:1"), "gcr.io")).toBe(true);
    expect(matchesRegistryPrefix(ref("gcr.io.evil.com/app:1"), "gcr.io")).toBe(false);
  });

  it("when the prefix has a path, then only whole path components match", () => {
    expect(matchesRegistryPrefix(ref("gcr.io/team/app:1"), "gcr.io/team")).toBe(true);
    expect(matchesRegistryPrefix(ref("gcr.io/team-b/app:1"), "gcr.io/team")).toBe(false);
  });

  it("when the prefix names Docker Hub's library, then official images match and others do not", () => {
    expect(matchesRegistryPrefix(ref("nginx:1.27"), "docker.io/library")).toBe(true);
    expect(matchesRegistryPrefix(ref("bitnami/nginx:1.27"), "docker.io/library")).toBe(false);
  });
});

describe("effectivePullPolicy", () => {
  it("when the policy is unset, then Kubernetes' defaulting rules apply", () => {
    expect(effectivePullPolicy("nginx", undefined)).toBe("Always");
    expect(effectivePullPolicy("nginx:latest", undefined)).toBe("Always");
    expect(effectivePullPolicy("nginx:1.27", undefined)).toBe("IfNotPresent");
    expect(effectivePullPolicy("nginx@sha256:abc", undefined)).toBe("IfNotPresent");
  });

  it("when the policy is set, then it is taken as written", () => {
    expect(effectivePullPolicy("nginx:latest", "Never")).toBe("Never");
  });
});
