import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";
import { legacyStep } from "./legacy-step";

/**
 * Address pseudonyms become keyed HMACs (key outside the database), one like
 * per address, and the old salt leaves the database. Old sha256(salt + IP)
 * values are cleared: with the salt beside them they gave the addresses back.
 */
export function addressPseudonyms(d: StoreDialect): Migration {
  return legacyStep(d, 3, async (db) => {
    await sql`UPDATE comments SET ip_hash = NULL`.execute(db);
    await db.schema.dropTable("secrets").ifExists().execute();
    await sql`DELETE FROM rate_events`.execute(db);
    await db.schema.createIndex("comments_ip_age").on("comments").column("created_at").where(sql<boolean>`ip_hash IS NOT NULL`).execute();
    await db.schema.alterTable("comment_likes").addColumn("address_hash", "text").execute();
    const known = sql<boolean>`address_hash IS NOT NULL`;
    await db.schema.createIndex("comment_likes_address").unique().on("comment_likes").columns(["comment_id", "address_hash"]).where(known).execute();
    await db.schema.createIndex("comment_likes_address_age").on("comment_likes").column("created_at").where(known).execute();
  });
}
