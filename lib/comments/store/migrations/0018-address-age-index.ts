import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * The retention sweep's index keyed by an expression of created_at
 * (StoreDialect.addressAge) instead of the column, so that no query bounding
 * created_at can be planned through it: on PostgreSQL a write group's rate
 * read (addresses IN (…) AND created_at > t) went through comments_ip_age
 * whenever its statistics lagged behind a burst of posts, and read every
 * comment of the last hour for each group (posts with limits on fell to half
 * their speed within a minute of a flood). It now goes through comments_ip,
 * the addresses' own rows.
 */
export function addressAgeIndex(d: StoreDialect): Migration {
  return {
    async up(db) {
      await db.schema.dropIndex("comments_ip_age").execute();
      await db.schema.createIndex("comments_address_age").on("comments").expression(d.addressAge).where(sql<boolean>`ip_hash IS NOT NULL`).execute();
    },
  };
}
