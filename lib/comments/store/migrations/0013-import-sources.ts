import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/** Which comment each imported source id became, so importing the same file again adds nothing. */
export function importSources(d: StoreDialect): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("comment_sources")
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("source_id", "text", (c) => c.notNull())
        .addColumn("comment_id", d.types.integer, (c) => c.notNull().references("comments.id").onDelete("cascade"))
        .addPrimaryKeyConstraint("comment_sources_pkey", ["source", "source_id"])
        .execute();
    },
  };
}
