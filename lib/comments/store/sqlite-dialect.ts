import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { CompiledQuery, Kysely, sql, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type QueryResult, type TransactionSettings } from "kysely";
import type { CommentsDatabase } from "./schema";
import { SqliteCheckpointer } from "./sqlite-checkpointer";
import { errorCode, markFailedStatement, type StoreDialect } from "./store-dialect";

/**
 * Kysely's driver opens transactions with a plain (deferred) BEGIN: two
 * writers that both read first then deadlock on upgrading to the write lock,
 * and one fails at once with SQLITE_BUSY whatever the busy timeout. BEGIN
 * IMMEDIATE takes the write lock first, so writers wait their turn (up to the
 * busy timeout). Read-only transactions stay deferred and never block writers.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private readonly connection: StatementCachingConnection;

  constructor(
    database: Database.Database,
    private readonly turns: FileTurns,
    private readonly log: WalSync,
  ) {
    super({ database });
    this.connection = new StatementCachingConnection(database, log);
  }

  override async destroy(): Promise<void> {
    await this.log.close();
    await super.destroy();
  }

  /**
   * better-sqlite3 is synchronous: a connection waiting for the file's write
   * lock blocks the whole thread, so if another connection of this process
   * held the lock across an await, neither could move until the busy timeout.
   * Connections to one file in one process therefore take turns here, for a
   * statement or a whole transaction (as the previous synchronous store did);
   * other processes wait on SQLite's lock as before.
   */
  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.turns.take();
    return this.connection;
  }

  override async releaseConnection(): Promise<void> {
    this.turns.give();
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === "read only" ? "begin" : "begin immediate"));
  }
}

/**
 * SQLite's DDL is transactional (Kysely assumes not), so migrations run in one
 * transaction as on PostgreSQL. That transaction begins IMMEDIATE: its write
 * lock is the migration lock, so two processes opening a new file migrate it once.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Most prepared statements kept per connection (queries with IN lists vary in length). */
const MAX_STATEMENTS = 500;

/**
 * Kysely's SQLite connection prepares every statement anew; preparing costs
 * more than running most of ours. The same SQL text reuses its prepared
 * statement (SQLite re-prepares it by itself after a schema change).
 */
class StatementCachingConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly database: Database.Database,
    private readonly log: WalSync,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let statement = this.statements.get(query.sql);
    if (!statement) {
      statement = this.database.prepare(query.sql);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      this.statements.set(query.sql, statement);
    }
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    this.log.written();
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not used by the comment store");
  }
}

/**
 * Durability without blocking the event loop. synchronous=FULL made every
 * COMMIT fsync the write-ahead log inside better-sqlite3's synchronous call:
 * 3 ms typically and tens of ms at times on a virtual disk, during which the
 * process could do nothing else (no request read, no answer sent). The
 * connection now runs synchronous=NORMAL (a COMMIT writes the log, unsynced;
 * checkpoints still sync the log before copying it into the database, and the
 * database after), and the store, before it answers a write, waits for
 * `durable()`: an fdatasync of the log file on libuv's thread pool, started
 * after that write's COMMIT. So a 201 means the comment is on disk, exactly as
 * before, and a crash or power cut loses nothing acknowledged.
 *
 * The log file keeps its inode while this connection is open (SQLite removes
 * it only when the last connection closes, and restarts or truncates it in
 * place), so one handle serves the store's life.
 */
class WalSync {
  private dirty = false;
  /** Statements that may have written, so far. */
  writes = 0;
  /** The latest sync asked for: it starts (or started) after every write before it. */
  private latest: Promise<void> = Promise.resolve();
  /** A sync asked for that waits for the one running: every commit until it starts is covered by it. */
  private queued: Promise<void> | undefined;
  private handle: Promise<fs.promises.FileHandle> | undefined;

  /**
   * `file` undefined: nothing to sync here (in memory, or no write-ahead log: each COMMIT syncs itself).
   * `checkpoints`: told of every commit; it checkpoints the log off this thread.
   */
  constructor(
    private readonly file: string | undefined,
    private readonly checkpoints?: { nudge(): void; detach(): void },
  ) {}

  /** A statement that may write ran on the connection. */
  written(): void {
    this.dirty = true;
    this.writes++;
  }

  /**
   * Resolves once everything committed before the call is on disk. One sync
   * at a time: write groups no longer wait for their sync before the next
   * begins (group-commit.ts), so commits made while a sync runs share the
   * one after it instead of each taking a thread of libuv's pool.
   */
  durable(): Promise<void> {
    if (this.file === undefined) return Promise.resolve();
    // A sync started after the last write covers every commit before it; one already running may not.
    if (this.dirty && !this.queued) {
      const queued: Promise<void> = this.latest
        .catch(() => {})
        .then(() => {
          this.queued = undefined;
          this.checkpoints?.nudge();
          return this.sync();
        });
      this.queued = queued;
      this.latest = queued;
    }
    this.dirty = false;
    return this.latest;
  }

  private async sync(): Promise<void> {
    this.handle ??= (async () => {
      // The log's directory entry too, once: a log file created by this connection must survive a power cut.
      const directory = await fs.promises.open(path.dirname(this.file!), "r");
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
      return fs.promises.open(`${this.file}-wal`, "r");
    })();
    try {
      await (await this.handle).datasync();
    } catch (error) {
      this.handle = undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.checkpoints?.detach();
    const handle = this.handle;
    this.handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }
}

/** One queue per database file in this process. */
class FileTurns {
  private static readonly byFile = new Map<string, FileTurns>();
  private tail: Promise<void> = Promise.resolve();
  private release: (() => void)[] = [];

  static of(file: string): FileTurns {
    // An in-memory database is private to its connection.
    if (file === ":memory:") return new FileTurns();
    const key = path.resolve(file);
    let turns = FileTurns.byFile.get(key);
    if (!turns) FileTurns.byFile.set(key, (turns = new FileTurns()));
    return turns;
  }

  take(): Promise<void> {
    const previous = this.tail;
    let give!: () => void;
    this.tail = new Promise((resolve) => (give = resolve));
    this.release.push(give);
    return previous;
  }

  give(): void {
    this.release.shift()?.();
  }
}

class CommentsSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: Database.Database,
    private readonly turns: FileTurns,
    private readonly log: WalSync,
  ) {
    super({ database });
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.database, this.turns, this.log);
  }
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

export interface SqliteStoreDialect extends StoreDialect {
  /** PRAGMA data_version: changes when another connection (process) commits; read without waiting for the store's queue. */
  dataVersion(): number;
}

/** Opens a comments database file (creating its folder), set up for durability and for several processes. */
export function sqliteDialect(file: string): SqliteStoreDialect {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new Database(file);
  let wal = false;
  try {
    // Wait for other writers (another process, a CLI) instead of failing with SQLITE_BUSY.
    database.pragma("busy_timeout = 5000");
    wal = database.pragma("journal_mode = WAL", { simple: true }) === "wal" && file !== ":memory:";
    // NORMAL, and the log synced off the event loop before any write is answered (WalSync): a 201
    // means the comment is on disk, so a crash or power cut loses nothing acknowledged. A file
    // system without WAL support keeps a rollback journal, and FULL syncs it in each COMMIT.
    database.pragma(wal ? "synchronous = NORMAL" : "synchronous = FULL");
    database.pragma("foreign_keys = ON");
  } catch (error) {
    database.close();
    throw error;
  }
  const dataVersion = database.prepare<[], number>("PRAGMA data_version").pluck();
  const turns = FileTurns.of(file);
  const checkpointer = wal ? SqliteCheckpointer.of(file, turns) : undefined;
  checkpointer?.attach(database);
  const log = new WalSync(wal ? file : undefined, checkpointer && { nudge: () => checkpointer.nudge(), detach: () => checkpointer.detach(database) });
  return {
    name: "sqlite",
    db: new Kysely<CommentsDatabase>({ dialect: new CommentsSqliteDialect(database, turns, log) }),
    durable: () => log.durable(),
    writes: () => log.writes,
    dataVersion: () => dataVersion.get()!,
    time: (date) => date.getTime(),
    rowLocks: false,
    lockRows: (query) => query,
    groupLocks: () => undefined,
    async inOneFlight(trx, statements, options) {
      if (options?.commit) throw new Error("a SQLite flight cannot carry its COMMIT (flightCommits is false)");
      const answers: QueryResult<unknown>[] = [];
      for (const [i, statement] of statements.entries()) answers.push(await trx.executeQuery(statement).catch((error: unknown) => Promise.reject(markFailedStatement(error, i))));
      return answers;
    },
    flightCommits: false,
    announceChanges: () => {},
    lockMigrations: async () => {},
    migrationSchema: async () => undefined,
    addressAge: sql`(created_at + 0)`,
    addressAgeOf: (moment) => sql`${moment}`,
    unindexed: (column) => sql`+${sql.ref(column)}`,
    types: { integer: "integer", moment: "integer" },
    idColumn: (column) => column.primaryKey().autoIncrement(),
    withoutRowid: true,
    async legacyVersion(trx) {
      const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(trx);
      return rows[0]?.user_version ?? 0;
    },
    async recordLegacyVersion(trx, version) {
      await sql`PRAGMA user_version = ${sql.lit(version)}`.execute(trx);
    },
    // SQLITE_BUSY after the busy timeout: another process held the write lock for 5 s; like a server that is down, "try again shortly".
    isUnavailable: (error) => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(error) ?? ""),
    writeLanes: 1,
    isRetryable: () => false,
    isForeignKeyViolation: (error) => errorCode(error) === "SQLITE_CONSTRAINT_FOREIGNKEY",
  };
}
