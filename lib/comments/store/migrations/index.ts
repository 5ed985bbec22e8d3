import type { Migration } from "kysely/migration";
import type { StoreDialect } from "../store-dialect";
import { commentsTables } from "./0001-comments";
import { rateEvents } from "./0002-rate-events";
import { addressPseudonyms } from "./0003-address-pseudonyms";
import { moderation } from "./0004-moderation";
import { wordRules } from "./0010-word-rules";
import { readerReports } from "./0011-reader-reports";
import { alertOutbox } from "./0012-alert-outbox";
import { importSources } from "./0013-import-sources";
import { changeNotify } from "./0014-change-notify";
import { reportRecent } from "./0015-report-recent";
import { notifyAfterCommit } from "./0016-notify-after-commit";
import { moderationNotify } from "./0017-moderation-notify";
import { addressAgeIndex } from "./0018-address-age-index";
import { coveringCounts } from "./0019-covering-counts";

/**
 * Every schema step, applied in name order, each once (Kysely's
 * kysely_migration table records them). Append new steps; never edit a
 * shipped one.
 */
const STEPS: readonly (readonly [string, (d: StoreDialect) => Migration])[] = [
  ["0001-comments", commentsTables],
  ["0002-rate-events", rateEvents],
  ["0003-address-pseudonyms", addressPseudonyms],
  ["0004-moderation", moderation],
  ["0010-word-rules", wordRules],
  ["0011-reader-reports", readerReports],
  ["0012-alert-outbox", alertOutbox],
  ["0013-import-sources", importSources],
  ["0014-change-notify", changeNotify],
  ["0015-report-recent", reportRecent],
  ["0016-notify-after-commit", notifyAfterCommit],
  ["0017-moderation-notify", moderationNotify],
  ["0018-address-age-index", addressAgeIndex],
  ["0019-covering-counts", coveringCounts],
];

/** Every step's name, in order: what kysely_migration lists once a database is up to date. */
export const COMMENT_MIGRATION_NAMES: readonly string[] = STEPS.map(([name]) => name);

/** How many steps a migrated database has applied. */
export const COMMENTS_SCHEMA_VERSION = STEPS.length;

/** The last step the previous release's own bookkeeping (SQLite user_version, PostgreSQL schema_migrations) records. */
/** The previous release's own marker (SQLite user_version, PostgreSQL schema_migrations) stops at its last step: later steps are Kysely's alone. */
export const LEGACY_SCHEMA_VERSION = 3;

export function commentMigrations(d: StoreDialect): Record<string, Migration> {
  return Object.fromEntries(STEPS.map(([name, step]) => [name, step(d)]));
}
