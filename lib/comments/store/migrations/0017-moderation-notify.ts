import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * PostgreSQL: a change to bans or closed reports also sends a notification
 * with the payload `moderation` on the schema's channel (migration 0014), so
 * every instance's cache of bans and closed reports (cached-comment-store.ts)
 * hears of it, while the stream of comment writes, which changes neither,
 * leaves that cache alone. Never silenced (unlike 0016): such changes are rare.
 * SQLite needs none of this (PRAGMA data_version).
 */
export function moderationNotify(d: StoreDialect): Migration {
  return {
    async up(db) {
      if (d.name !== "postgres") return;
      await sql`
        CREATE FUNCTION comments_notify_moderation() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
          PERFORM pg_notify(comments_change_channel(TG_TABLE_SCHEMA), 'moderation');
          RETURN NULL;
        END
        $$`.execute(db);
      for (const table of ["bans", "closed_reports"]) {
        await sql`
          CREATE TRIGGER ${sql.id(`${table}_notify_moderation`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
          FOR EACH STATEMENT EXECUTE FUNCTION comments_notify_moderation()`.execute(db);
      }
    },
  };
}
