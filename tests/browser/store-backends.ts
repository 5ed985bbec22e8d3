import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestSchema, TEST_DATABASE_URL, urlWithSchema } from "../postgres-test-db";

/** A comments backend for a spec that runs on both: the settings for its server, and how to clean up after. */
export interface StoreBackend {
  name: "sqlite" | "postgres";
  port: number;
  env: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
}

/** SQLite in a fresh temp folder on `basePort`, and PostgreSQL in a fresh schema on the next port when TEST_DATABASE_URL is set. */
export function storeBackends(tempPrefix: string, basePort: number): StoreBackend[] {
  const sqlite: StoreBackend = {
    name: "sqlite",
    port: basePort,
    env: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix));
      return { env: { COMMENTS_DB: path.join(dir, "c.db") }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  };
  if (!TEST_DATABASE_URL) return [sqlite];
  const url = TEST_DATABASE_URL;
  const postgres: StoreBackend = {
    name: "postgres",
    port: basePort + 1,
    env: async () => {
      const schema = await createTestSchema(url);
      return { env: { DATABASE_URL: urlWithSchema(url, schema.schema) }, cleanup: () => schema.drop() };
    },
  };
  return [sqlite, postgres];
}
