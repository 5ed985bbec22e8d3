import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";
import { legacyStep } from "./legacy-step";

/** Rate limits kept with the data, so every process and instance using it shares them. */
export function rateEvents(d: StoreDialect): Migration {
  return legacyStep(d, 2, async (db) => {
    await db.schema
      .createTable("rate_events")
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("at", d.types.integer, (c) => c.notNull()) // milliseconds since the epoch
      .addColumn("expires_at", d.types.integer, (c) => c.notNull()) // when no rule can count it any more
      .execute();
    await db.schema.createIndex("rate_events_key").on("rate_events").columns(["key", "at"]).execute();
    await db.schema.createIndex("rate_events_expiry").on("rate_events").column("expires_at").execute();
  });
}
