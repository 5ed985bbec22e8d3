import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * Word rules (敏感词), and one version number bumped with every change to
 * them, so each process can ask "did the list change?" with one tiny query
 * and rebuild its matcher only then.
 */
export function wordRules(d: StoreDialect): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("word_rules")
        .addColumn("word", "text", (c) => c.primaryKey())
        .addColumn("action", "text", (c) => c.notNull().check(sql`action IN ('reject', 'hold')`))
        .addColumn("created_at", d.types.moment, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("word_rules_version")
        .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn("version", d.types.integer, (c) => c.notNull())
        .execute();
      await sql`INSERT INTO word_rules_version (id, version) VALUES (1, 1)`.execute(db);
    },
  };
}
