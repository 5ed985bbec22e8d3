import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * The alerts outbox: events (a comment waits for review, a comment was
 * reported) written with the post or report, and per channel how far it has
 * delivered, when it last sent, its retry state and a claim lease, so with
 * several instances one claims each batch (a conditional UPDATE … RETURNING)
 * and each alert goes out once. Times here are epoch milliseconds on both
 * databases: they are only compared, never shown.
 */
export function alertOutbox(d: StoreDialect): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable("alert_events")
        .addColumn("id", d.types.integer, (c) => d.idColumn(c))
        .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('pending', 'reported')`))
        // No foreign key: an alert about a comment deleted meanwhile still says it happened.
        .addColumn("comment_id", d.types.integer, (c) => c.notNull())
        .addColumn("slug", "text", (c) => c.notNull())
        .addColumn("created_at", d.types.integer, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("alert_channels")
        .addColumn("channel", "text", (c) => c.primaryKey())
        .addColumn("sent_through", d.types.integer, (c) => c.notNull().defaultTo(0))
        .addColumn("last_sent_at", d.types.integer, (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", d.types.integer, (c) => c.notNull().defaultTo(0))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("claimed_until", d.types.integer, (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
