// drizzle-kit input for the PostgreSQL store: `npm run db:generate` writes
// migrations/postgres, which the store applies at start-up under an advisory lock.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/adapters/db/pg-schema.ts",
  out: "./migrations/postgres",
});
