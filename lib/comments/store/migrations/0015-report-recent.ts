import { sql } from "kysely";
import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";

/**
 * A report's recent comments by time, official replies left out: the
 * per-report post limit counts a report's stored posts from here
 * (group-rates.ts) instead of from rate events every post wrote. Per reader
 * and per address they are counted through comments_reader and comments_ip.
 */
export function reportRecent(_d: StoreDialect): Migration {
  return {
    async up(db) {
      await db.schema.createIndex("comments_report_recent").on("comments").columns(["slug", "created_at"]).where(sql<boolean>`official = 0`).execute();
    },
  };
}
