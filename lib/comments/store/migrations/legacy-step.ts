import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * The first steps were applied by the previous release with its own
 * bookkeeping (SQLite user_version, PostgreSQL schema_migrations). A database
 * it had already brought to `version` skips the step; either way the step is
 * recorded there too, so that release still recognises the schema.
 */
export function legacyStep(dialect: StoreDialect, version: number, up: (db: Kysely<unknown>) => Promise<void>): Migration {
  return {
    async up(db) {
      if ((await dialect.legacyVersion(db)) >= version) return;
      await up(db);
      await dialect.recordLegacyVersion(db, version);
    },
  };
}
