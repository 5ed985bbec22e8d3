import type { ColumnDefinitionBuilder, CompiledQuery, Kysely, QueryResult, RawBuilder, SelectQueryBuilder, Transaction } from "kysely";
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
   * The first statement of a write group's transaction (group-commit.ts):
   * named locks held until the transaction ends, for checks that must not run
   * side by side (duplicates, rate limits). PostgreSQL: advisory locks, in a
   * fixed order, and in the same statement the change triggers are told to
   * stay silent in this transaction (migration 0016): the group announces its
   * changes after its COMMIT (`announceChanges`). SQLite: none (nothing more
   * to take, see lockRows).
   */
  groupLocks(lockNames: readonly string[]): CompiledQuery | undefined;
  /**
   * Runs statements in one transaction in order, answers in order; throws the
   * first statement's error. PostgreSQL sends them back to back without
   * waiting for each answer (pipelined: one round trip for all), and the
   * server still runs each after the one before, with a snapshot of its own
   * taken when it starts: a read sent behind the statement that takes the
   * group's locks sees every row committed before the locks were granted.
   * SQLite: one after another (each a synchronous call anyway).
   */
  inOneFlight(trx: Transaction<CommentsDatabase>, statements: readonly CompiledQuery[], options?: FlightOptions): Promise<QueryResult<unknown>[]>;
  /**
   * Whether a flight can carry its transaction's COMMIT (`FlightOptions.commit`).
   * PostgreSQL: yes, the COMMIT travels behind the statements and the
   * transaction's own COMMIT then takes its answer, a round trip saved.
   * SQLite: no (nothing to save; its COMMIT is a synchronous call).
   */
  readonly flightCommits: boolean;
  /**
   * Called after a write group committed: tells every other process that
   * lists may have changed. PostgreSQL: one NOTIFY on the change channel,
   * coalesced (postgres-dialect.ts). A NOTIFY inside the group's own
   * transaction would make PostgreSQL commit every notifying transaction one
   * at a time, fsync included (it holds a cluster-wide lock from before the
   * commit record until after its flush), so write groups on several
   * connections could no longer share a flush. SQLite: nothing to do (PRAGMA
   * data_version tells every connection).
   */
  announceChanges(): void;
  /**
   * Taken first in the migration transaction, before Kysely's Migrator looks
   * for its own tables, so instances or processes starting together migrate
   * once: PostgreSQL an advisory lock per schema; SQLite the write lock BEGIN
   * IMMEDIATE already holds.
   */
  lockMigrations(trx: Transaction<CommentsDatabase>): Promise<void>;
  /** The schema Kysely's migration tables belong in (PostgreSQL: the connection's own, not any other that has them). */
  migrationSchema(trx: Transaction<CommentsDatabase>): Promise<string | undefined>;
  /**
   * How the retention sweep finds comments whose address pseudonym is due to
   * go (migration 0018's index comments_address_age, and the sweep):
   * `addressAge` keys a comment's created_at, `addressAgeOf` a moment to
   * compare with it. An expression of the column rather than the column, so
   * no query that bounds created_at can be planned through that index: on the
   * column, PostgreSQL read a write group's rate limits (addresses IN (…) AND
   * created_at > t) through it whenever its statistics lagged behind a burst
   * of posts, every comment of the last hour for each group, instead of the
   * addresses' own few through comments_ip. PostgreSQL: created_at AT TIME
   * ZONE 'UTC' (immutable, so it can be indexed); SQLite: created_at + 0.
   */
  readonly addressAge: RawBuilder<unknown>;
  addressAgeOf(moment: unknown): RawBuilder<unknown>;
  /**
   * A column as a value no index can serve, so the planner reaches its rows
   * through the other conditions' index. SQLite, planning without statistics
   * (no ANALYZE ever runs), read a list page's replies by scanning every
   * published comment through comments_status (status = 'published') instead
   * of looking up the page's twenty ids in comments_replies: 40 ms a list at
   * 320,000 comments, 0.2 ms through the ids. SQLite: `+column` (a no-op on
   * any value); PostgreSQL plans from statistics: the column.
   */
  unindexed(column: string): RawBuilder<unknown>;
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

/**
 * Put at the front of a statement whose best plan depends on its values and
 * on how far the table has grown (`.modifyFront(sql.raw(PLAN_EACH_CALL))`):
 * a write group's rate read, with its IN lists and its time window.
 * PostgreSQL gets it unnamed, so the server plans it for each call's values;
 * named (prepared), it would get a generic plan after five calls and keep it
 * until the table's statistics changed. The rate read's generic plan, made
 * while the table was small, went on reading every comment of the window
 * through comments_replies once posts had piled up (up to 120 ms a group
 * under a stream of posts). SQLite plans without statistics: the same either way.
 */
export const PLAN_EACH_CALL = "/* plan each call */";

/** How a flight ends (`inOneFlight`). */
export interface FlightOptions {
  /**
   * Sent behind the statements: COMMIT (only where `flightCommits`). If a
   * statement fails, the server ends the transaction with a rollback
   * instead, and the flight throws that statement's error as usual; if the
   * COMMIT itself fails, the flight throws its error unmarked (no statement's
   * own). The transaction's own COMMIT or ROLLBACK afterwards sends nothing.
   */
  commit?: boolean;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

const failedStatements = new WeakMap<object, number>();

/** Notes, on the error a flight throws (`inOneFlight`), which of its statements threw it. */
export function markFailedStatement(error: unknown, index: number): unknown {
  if (typeof error === "object" && error !== null) failedStatements.set(error, index);
  return error;
}

/** Which statement of a flight threw this error (undefined: not thrown by a flight's statement). */
export function failedStatement(error: unknown): number | undefined {
  return typeof error === "object" && error !== null ? failedStatements.get(error) : undefined;
}
