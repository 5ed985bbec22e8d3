import type { ColumnDefinitionBuilder, Kysely, SelectQueryBuilder, Transaction } from "kysely";
import type { CommentsDatabase } from "./schema";

/**
 * Everything that differs between SQLite and PostgreSQL, each in one place.
 * The store (kysely-comment-store.ts) and the migrations are written once
 * against this; sqlite-dialect.ts and postgres-dialect.ts fill it in.
 */
export interface StoreDialect {
  readonly name: "sqlite" | "postgres";
  readonly db: Kysely<CommentsDatabase>;
  /**
   * Resolves once everything this connection committed before the call is on
   * disk; the store waits for it before it reports any write done. SQLite:
   * the write-ahead log synced off the event loop (sqlite-dialect.ts);
   * PostgreSQL: at once, its COMMIT already waited for the flush.
   */
  durable(): Promise<void>;
  /** How many statements that may write have run so far (a statement that did not change it wrote nothing that `durable` must wait for). */
  writes(): number;
  /** A moment as its column takes it: SQLite integer milliseconds, PostgreSQL timestamptz. */
  time(date: Date): number | Date;
  /**
   * Locks rows read for update (FOR UPDATE / FOR SHARE) on PostgreSQL, where
   * transactions on other instances run side by side. SQLite has no row locks
   * and needs none: every write transaction starts with BEGIN IMMEDIATE, so
   * writers already take turns on the whole file.
   */
  readonly rowLocks: boolean;
  lockRows<Q extends SelectQueryBuilder<CommentsDatabase, keyof CommentsDatabase, object>>(query: Q, mode: "update" | "share"): Q;
  /**
   * Named locks held until the transaction ends, for checks that must not run
   * side by side (duplicates, rate limits). PostgreSQL: advisory locks, in a
   * fixed order. SQLite: nothing more to take (see lockRows).
   */
  lockNames(trx: Transaction<CommentsDatabase>, names: readonly string[]): Promise<void>;
  /**
   * Taken first in the migration transaction, before Kysely's Migrator looks
   * for its own tables, so instances or processes starting together migrate
   * once: PostgreSQL an advisory lock per schema; SQLite the write lock BEGIN
   * IMMEDIATE already holds.
   */
  lockMigrations(trx: Transaction<CommentsDatabase>): Promise<void>;
  /** The schema Kysely's migration tables belong in (PostgreSQL: the connection's own, not any other that has them). */
  migrationSchema(trx: Transaction<CommentsDatabase>): Promise<string | undefined>;
  /** Column types and the id column, in this database's words. */
  readonly types: { integer: "integer" | "bigint"; moment: "integer" | "timestamptz" };
  idColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** SQLite keys comment_likes by its primary key alone (WITHOUT ROWID); PostgreSQL tables are heaps either way. */
  readonly withoutRowid: boolean;
  /**
   * How far the previous release's own bookkeeping had migrated (SQLite:
   * PRAGMA user_version; PostgreSQL: schema_migrations), and recording a step
   * there: a database it created upgrades in place, and it can still open one
   * this release created.
   */
  legacyVersion(trx: Kysely<unknown>): Promise<number>;
  recordLegacyVersion(trx: Kysely<unknown>, version: number): Promise<void>;
  /** "Not reachable right now" (connection lost, server starting, SQLITE_BUSY after the busy timeout): answered 503. */
  isUnavailable(error: unknown): boolean;
  /**
   * Write groups committing side by side (group-commit.ts). SQLite: 1, it has
   * one writer. PostgreSQL: a few, so a burst of posts is not held to one
   * connection's round trips (the rest of the pool serves reads).
   */
  readonly writeLanes: number;
  /** Deadlocks and serialization failures, worth running the transaction again. */
  isRetryable(error: unknown): boolean;
  /** A foreign key refused the row (a reply's parent deleted meanwhile). */
  isForeignKeyViolation(error: unknown): boolean;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
