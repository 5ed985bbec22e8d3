import { Migrator } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";
import { commentMigrations } from "./index";

/**
 * Brings the schema up to date in one transaction, under the dialect's
 * migration lock (taken before Kysely's Migrator creates its own tables), so
 * processes and instances starting together migrate once and a failed step
 * leaves nothing half done.
 */
export async function migrateToLatest(d: StoreDialect): Promise<void> {
  await d.db.transaction().execute(async (trx) => {
    await d.lockMigrations(trx);
    const migrator = new Migrator({
      db: trx,
      provider: { getMigrations: async () => commentMigrations(d) },
      migrationTableSchema: await d.migrationSchema(trx),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  });
}
