// Each PostgreSQL test file gets a database of its own on the shared server, so
// files run in parallel without seeing each other's rows, and drops it afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server's maintenance database; test databases are created and dropped through it. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  name: string;
  /** ADMIN_URL pointing at the new database. */
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL tests need a server at ${new URL(ADMIN_URL).host} (set TEST_DATABASE_URL): ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The URL of `name` on the test server, optionally with a password (ignored under trust auth). */
export function databaseUrl(name: string, password?: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  if (password !== undefined) url.password = password;
  return url.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `harden_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database "${name}"`));
  return {
    name,
    url: databaseUrl(name),
    // FORCE ends connections a failed test may have left open (PostgreSQL 13+).
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
