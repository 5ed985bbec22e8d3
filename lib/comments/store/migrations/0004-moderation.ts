import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * The moderation console: moderator accounts (scrypt hashes, never
 * passwords), their sessions (ids stored hashed), official replies, bans,
 * reports with comments closed, and the audit log.
 */
export function moderation(d: StoreDialect): Migration {
  return {
    async up(db) {
      const { integer, moment } = d.types;
      await db.schema
        .createTable("moderators")
        .addColumn("id", integer, (c) => d.idColumn(c))
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("created_at", moment, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("moderator_sessions")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("moderator_id", integer, (c) => c.notNull().references("moderators.id").onDelete("cascade"))
        .addColumn("created_at", moment, (c) => c.notNull())
        .addColumn("expires_at", moment, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("moderator_sessions_expiry").on("moderator_sessions").column("expires_at").execute();

      // An official reply (官方回复) is written by the newsroom through the console.
      await db.schema.alterTable("comments").addColumn("official", "integer", (c) => c.notNull().defaultTo(0)).execute();
      // Queues need no new index: comments_status (status, created_at, id) read backwards gives a
      // queue newest first; one report's queue reads comments_counts (slug, status, …) and sorts
      // that report's rows only. An index led by (slug, status) would also lure the public list
      // off its partial index comments_new (SQLite picks the longer equality match).

      await db.schema
        .createTable("bans")
        .addColumn("id", integer, (c) => d.idColumn(c))
        .addColumn("reader_id", "text")
        .addColumn("ip_hash", "text")
        // Null: permanent.
        .addColumn("until", moment)
        .addColumn("created_at", moment, (c) => c.notNull())
        .addColumn("moderator", "text", (c) => c.notNull())
        .addColumn("comment_id", integer)
        .execute();
      await db.schema.createIndex("bans_reader").on("bans").column("reader_id").where(sql<boolean>`reader_id IS NOT NULL`).execute();
      await db.schema.createIndex("bans_address").on("bans").column("ip_hash").where(sql<boolean>`ip_hash IS NOT NULL`).execute();

      await db.schema
        .createTable("closed_reports")
        .addColumn("slug", "text", (c) => c.primaryKey())
        .addColumn("closed_at", moment, (c) => c.notNull())
        .addColumn("moderator", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("audit_log")
        .addColumn("id", integer, (c) => d.idColumn(c))
        .addColumn("at", moment, (c) => c.notNull())
        // The name, not a reference: the record outlives the account.
        .addColumn("moderator", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("comment_id", integer)
        .addColumn("slug", "text")
        .addColumn("status_before", "text")
        .addColumn("status_after", "text")
        .addColumn("detail", "text")
        .execute();
      await db.schema.createIndex("audit_log_newest").on("audit_log").columns(["at desc", "id desc"]).execute();
    },
  };
}
