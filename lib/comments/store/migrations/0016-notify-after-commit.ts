import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * PostgreSQL: the change triggers of migration 0014 stay silent in a
 * transaction that set `comments.notify` to `after_commit`: the store's write
 * groups, which send one NOTIFY of their own after they commit
 * (store-dialect.ts `announceChanges`; why: there). Every other writer (the
 * previous release, a psql session, a script) is heard as before.
 */
export function notifyAfterCommit(d: StoreDialect): Migration {
  return {
    async up(db) {
      if (d.name !== "postgres") return;
      await sql`
        CREATE OR REPLACE FUNCTION comments_notify_change() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
          IF current_setting('comments.notify', true) = 'after_commit' THEN
            RETURN NULL;
          END IF;
          PERFORM pg_notify(comments_change_channel(TG_TABLE_SCHEMA), '');
          RETURN NULL;
        END
        $$`.execute(db);
    },
  };
}
