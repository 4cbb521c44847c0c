import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "commands/**/*.test.ts", "jobs/**/*.test.ts", "test/**/*.test.ts"],
    // Redis and PostgreSQL tests share one server each; files isolate themselves by key prefix / schema.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
