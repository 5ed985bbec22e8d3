import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";
import { legacyStep } from "./legacy-step";

/** Comments and likes, with an index for each way they are read. */
export function commentsTables(d: StoreDialect): Migration {
  return legacyStep(d, 1, async (db) => {
    await db.schema
      .createTable("comments")
      .addColumn("id", d.types.integer, (c) => d.idColumn(c))
      .addColumn("slug", "text", (c) => c.notNull())
      .addColumn("parent_id", d.types.integer, (c) => c.references("comments.id").onDelete("cascade"))
      .addColumn("nickname", "text")
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("reader_id", "text", (c) => c.notNull())
      .addColumn("ip_hash", "text")
      .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('published', 'pending', 'hidden')`))
      .addColumn("created_at", d.types.moment, (c) => c.notNull())
      .addColumn("likes", "integer", (c) => c.notNull().defaultTo(0).check(sql`likes >= 0`))
      .execute();
    const published = sql<boolean>`parent_id IS NULL AND status = 'published'`;
    // The two list orders, for published top-level comments of one report.
    await db.schema.createIndex("comments_hot").on("comments").columns(["slug", "likes desc", "created_at desc", "id desc"]).where(published).execute();
    await db.schema.createIndex("comments_new").on("comments").columns(["slug", "created_at desc", "id desc"]).where(published).execute();
    // Replies of a page of comments; counts and participants per report.
    await db.schema.createIndex("comments_replies").on("comments").columns(["parent_id", "created_at", "id"]).execute();
    await db.schema.createIndex("comments_counts").on("comments").columns(["slug", "status", "reader_id"]).execute();
    // Duplicate checks and moderation queues.
    await db.schema.createIndex("comments_reader").on("comments").columns(["reader_id", "created_at"]).execute();
    await db.schema.createIndex("comments_ip").on("comments").columns(["ip_hash", "created_at"]).where(sql<boolean>`ip_hash IS NOT NULL`).execute();
    await db.schema.createIndex("comments_status").on("comments").columns(["status", "created_at", "id"]).execute();

    await db.schema
      .createTable("comment_likes")
      .addColumn("comment_id", d.types.integer, (c) => c.notNull().references("comments.id").onDelete("cascade"))
      .addColumn("reader_id", "text", (c) => c.notNull())
      .addColumn("created_at", d.types.moment, (c) => c.notNull())
      .addPrimaryKeyConstraint("comment_likes_pkey", ["comment_id", "reader_id"])
      .$call((t) => (d.withoutRowid ? t.modifyEnd(sql`WITHOUT ROWID`) : t))
      .execute();

    // Where the previous release kept its address salt; step 3 drops it again.
    await db.schema.createTable("secrets").addColumn("name", "text", (c) => c.primaryKey()).addColumn("value", "text", (c) => c.notNull()).$call((t) => (d.withoutRowid ? t.modifyEnd(sql`WITHOUT ROWID`) : t)).execute();
  });
}
