import { describe, expect, it } from "vitest";
import { InputError } from "../../core/errors.js";
import { maskUrl, parseStoreUrl, scrub } from "./url.js";

describe("maskUrl", () => {
  it("when the URL has a password, then it is replaced by asterisks", () => {
    expect(maskUrl("postgres://harden:hunter2@db:5432/harden?sslmode=require")).toBe("postgres://harden:****@db:5432/harden?sslmode=require");
  });

  it("when the password contains an unencoded @, then none of it survives", () => {
    const masked = maskUrl("postgres://harden:p@ss@db/harden");
    expect(masked).not.toContain("p@ss");
    expect(masked).not.toMatch(/:p|ss@/);
  });

  it("when the URL does not parse, then the password is still masked", () => {
    expect(maskUrl("postgres://harden:hunter2@[not-an-ip/db")).toBe("postgres://harden:****@[not-an-ip/db");
  });

  it("when there is no password, then the URL is unchanged", () => {
    expect(maskUrl("postgres://postgres@127.0.0.1:5432/postgres")).toBe("postgres://postgres@127.0.0.1:5432/postgres");
    expect(maskUrl("sqlite:./data/harden.db")).toBe("sqlite:./data/harden.db");
  });
});

describe("scrub", () => {
  it("when a driver message quotes the password raw or percent-decoded, then both spellings are removed", () => {
    const url = "postgres://harden:s%40cret@db/harden";
    expect(scrub("auth failed for s%40cret and s@cret", url)).toBe("auth failed for **** and ****");
  });
});

describe("parseStoreUrl", () => {
  it("when the URL is sqlite with a path, then the path is kept as given", () => {
    expect(parseStoreUrl("sqlite:./data/harden.db")).toEqual({ dialect: "sqlite", file: "./data/harden.db" });
    expect(parseStoreUrl("sqlite:///var/lib/harden/harden.db")).toEqual({ dialect: "sqlite", file: "/var/lib/harden/harden.db" });
    expect(parseStoreUrl("sqlite::memory:")).toEqual({ dialect: "sqlite", file: ":memory:" });
  });

  it("when the URL is postgres or postgresql, then it is passed through whole", () => {
    expect(parseStoreUrl("postgresql://u@h/d")).toEqual({ dialect: "postgres", connectionString: "postgresql://u@h/d" });
    expect(parseStoreUrl("postgres://u@h/d")).toEqual({ dialect: "postgres", connectionString: "postgres://u@h/d" });
  });

  it("when the scheme is unknown, then an InputError names it without the password", () => {
    expect(() => parseStoreUrl("redis://:topsecret@cache:6379")).toThrow(InputError);
    expect(() => parseStoreUrl("redis://:topsecret@cache:6379")).toThrow(/"redis:"/);
    expect(() => parseStoreUrl("redis://:topsecret@cache:6379")).not.toThrow(/topsecret/);
  });
});
