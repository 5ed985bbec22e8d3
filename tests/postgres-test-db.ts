/**
 * PostgreSQL for tests: TEST_DATABASE_URL names a server (CI: the one on
 * 127.0.0.1:5432); every test run gets a fresh schema of its own, dropped
 * afterwards, so runs and files never see each other's rows.
 * REQUIRE_POSTGRES=1 (set by .ci/run) turns "not configured" into a failure.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
export const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === "1";
export const POSTGRES_SKIP_REASON = "TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)";

export interface TestSchema {
  schema: string;
  /** TEST_DATABASE_URL with this schema as the search path, for a `next start` (DATABASE_URL). */
  url: string;
  drop(): Promise<void>;
}

/** The URL with `search_path` set to `schema` for every connection made from it. */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

export async function createTestSchema(url: string = TEST_DATABASE_URL!): Promise<TestSchema> {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  await withClient(url, (client) => client.query(`CREATE SCHEMA ${schema}`));
  return {
    schema,
    url: urlWithSchema(url, schema),
    drop: () => withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => {}),
  };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
