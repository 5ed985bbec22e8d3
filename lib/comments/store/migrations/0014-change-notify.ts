import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * PostgreSQL: every statement that changes what a list shows (comments,
 * closed_reports) sends a NOTIFY on a channel named for the schema, so each
 * instance's read cache hears of writes by every other process (other
 * instances, the CLI, imports, a psql session) and drops what it kept. A
 * trigger rather than a call in the store: no writer can forget it. NOTIFY is
 * transactional: delivered on commit, never for a rollback, and one per
 * transaction however many statements sent it. SQLite needs none of this
 * (PRAGMA data_version tells every connection).
 */
export function changeNotify(d: StoreDialect): Migration {
  return {
    async up(db) {
      if (d.name !== "postgres") return;
      // One definition of the channel, asked by the listener too (postgres-change-listener.ts). A channel name
      // is at most 63 bytes: a schema name too long for it is replaced by its md5.
      await sql`
        CREATE FUNCTION comments_change_channel(schema_name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
          SELECT CASE WHEN octet_length('comments_changed:' || schema_name) <= 63
            THEN 'comments_changed:' || schema_name ELSE 'comments_changed:' || md5(schema_name) END
        $$`.execute(db);
      // SET search_path FROM CURRENT: a writer with another search path (schema-qualified statements) still finds the function.
      await sql`
        CREATE FUNCTION comments_notify_change() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
          PERFORM pg_notify(comments_change_channel(TG_TABLE_SCHEMA), '');
          RETURN NULL;
        END
        $$`.execute(db);
      for (const table of ["comments", "closed_reports"]) {
        await sql`
          CREATE TRIGGER ${sql.id(`${table}_notify_change`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
          FOR EACH STATEMENT EXECUTE FUNCTION comments_notify_change()`.execute(db);
      }
    },
  };
}
