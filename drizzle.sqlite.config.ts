// drizzle-kit input for the embedded SQLite store: `npm run db:generate` writes
// migrations/sqlite, which the store applies at start-up.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/adapters/db/sqlite-schema.ts",
  out: "./migrations/sqlite",
});
