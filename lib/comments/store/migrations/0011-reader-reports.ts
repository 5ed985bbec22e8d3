import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * Reader reports (举报): one per comment per reader and per address (both
 * unique), kept after a moderator dismisses them (so the same reader cannot
 * report again), and a flag on comments hidden by reports rather than by a
 * moderator, so the console can say which.
 */
export function readerReports(d: StoreDialect): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("comment_reports")
        .addColumn("comment_id", d.types.integer, (c) => c.notNull().references("comments.id").onDelete("cascade"))
        .addColumn("reader_id", "text", (c) => c.notNull())
        .addColumn("address_hash", "text")
        .addColumn("reason", "text", (c) => c.notNull().check(sql`reason IN ('spam', 'abuse', 'illegal', 'other')`))
        .addColumn("created_at", d.types.moment, (c) => c.notNull())
        .addColumn("dismissed", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("comment_reports_pkey", ["comment_id", "reader_id"])
        .execute();
      await db.schema.createIndex("comment_reports_address").unique().on("comment_reports").columns(["comment_id", "address_hash"]).where(sql<boolean>`address_hash IS NOT NULL`).execute();
      await db.schema.createIndex("comment_reports_open").on("comment_reports").columns(["dismissed", "comment_id"]).execute();
      await db.schema.alterTable("comments").addColumn("hidden_by_reports", "integer", (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
