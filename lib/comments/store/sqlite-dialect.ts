import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { CompiledQuery, Kysely, sql, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type QueryResult, type TransactionSettings } from "kysely";
import type { CommentsDatabase } from "./schema";
import { SqliteCheckpointer } from "./sqlite-checkpointer";
import { SqliteWriter, type WriterAnswer, type WriterReply, type WriterStatement } from "./sqlite-writer";
import { errorCode, markFailedStatement, type StoreDialect } from "./store-dialect";

/**
 * The driver without a writer thread (an in-memory database, or a file the
 * write-ahead log could not be turned on for); a file store's is
 * WriterThreadSqliteDriver, below.
 *
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
  /** `concurrent`: uses of the database may overlap (a writer thread; see WriterSession), so Kysely must not queue them one at a time. */
  constructor(private readonly concurrent: boolean) {
    super();
  }
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
  override get supportsMultipleConnections(): boolean {
    return this.concurrent;
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

  /** The statement for this text, prepared once. */
  prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.prepared(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    this.log.written();
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not used by the comment store");
  }
}

/**
 * Durability without blocking the event loop, for a file without a writer
 * thread (a file store's writer thread runs synchronous=FULL itself, off the
 * event loop: sqlite-writer.ts). synchronous=FULL made every
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
   * `file` undefined: nothing to sync here (in memory; no write-ahead log, so each COMMIT syncs itself; or
   * a writer thread, whose COMMIT syncs the log).
   * `checkpoints`: told of every commit; it checkpoints the log off this thread.
   */
  constructor(
    private readonly file: string | undefined,
    private readonly checkpoints?: { nudge(): void; detach(): void },
  ) {}

  /** A statement that may have written is done (a sync started after this covers it). */
  written(): void {
    this.dirty = true;
    this.writes++;
    // Synced already (the writer thread's COMMIT syncs the log): only the checkpointer is told.
    if (this.file === undefined) this.checkpoints?.nudge();
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

/**
 * A flight (`inOneFlight`) travels to the writer thread as one batch: a query
 * with this text and the statements as its values (as on PostgreSQL).
 */
const FLIGHT = "-- yangguang-comments: statements in one flight";
const COMMITTING_FLIGHT = "-- yangguang-comments: statements in one flight, then COMMIT";

function toWriter(query: CompiledQuery): WriterStatement {
  return { sql: query.sql, parameters: query.parameters };
}

function toResult(answer: WriterAnswer): QueryResult<unknown> {
  if ("rows" in answer) return { rows: answer.rows };
  return { numAffectedRows: BigInt(answer.changes), insertId: BigInt(answer.lastInsertRowid), rows: [] };
}

/**
 * One use of the database through Kysely, for a file with a writer thread:
 * outside a transaction, a read runs here on the event loop's own connection
 * (a write-ahead log lets it read beside any write, so it takes no turn); a
 * write, or any statement of a transaction, runs on the writer thread
 * (sqlite-writer.ts), one transaction or lone write at a time in this process
 * (the file's turns). BEGIN is not waited for: the thread runs it before the
 * transaction's first statement, and its answer is checked at the end.
 */
class WriterSession implements DatabaseConnection {
  private begun: Promise<WriterReply> | undefined;
  /** A committing flight already ended the transaction (FlightOptions.commit). */
  private ended = false;

  constructor(
    private readonly reads: StatementCachingConnection,
    private readonly writer: SqliteWriter,
    private readonly turns: FileTurns,
    private readonly log: WalSync,
  ) {}

  async begin(): Promise<void> {
    await this.turns.take();
    this.begun = this.writer.send([{ sql: "begin immediate", parameters: [] }], { begins: true });
    this.begun.catch(() => {});
  }

  /** COMMIT or ROLLBACK, then the file's turn goes to the next. */
  async end(sql: "commit" | "rollback"): Promise<void> {
    try {
      const begun = await this.begun!;
      if (this.ended) return;
      if (begun.error) {
        if (sql === "commit") throw begun.error;
        return;
      }
      const reply = await this.writer.send([{ sql, parameters: [] }], { inTransaction: true });
      if (reply.error && sql === "commit") throw reply.error;
      if (sql === "commit") this.log.written();
    } finally {
      this.begun = undefined;
      this.ended = false;
      this.turns.give();
    }
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.begun) return (await this.alone(query)) as QueryResult<R>;
    const flight = query.sql === FLIGHT || query.sql === COMMITTING_FLIGHT;
    const statements = flight ? (query.parameters as CompiledQuery[]) : [query];
    const commit = query.sql === COMMITTING_FLIGHT;
    const reply = await this.writer.send(statements.map(toWriter), { commit, inTransaction: true });
    if (reply.ended) {
      this.ended = true;
      if (!reply.error) this.log.written();
    }
    if (reply.error) throw flight && reply.failed !== undefined && reply.failed < statements.length ? markFailedStatement(reply.error, reply.failed) : reply.error;
    return (flight ? { rows: reply.answers.map(toResult) } : toResult(reply.answers[0]!)) as QueryResult<R>;
  }

  private async alone(query: CompiledQuery): Promise<QueryResult<unknown>> {
    let statement: Database.Statement | undefined;
    try {
      statement = this.reads.prepared(query.sql);
    } catch {
      // Not preparable here (a table the thread is about to create): the thread says what it makes of it.
    }
    // Read-only, not merely returning rows (an UPDATE … RETURNING returns rows too).
    if (statement?.readonly && statement.reader) return { rows: statement.all(query.parameters as unknown[]) };
    await this.turns.take();
    try {
      const reply = await this.writer.send([toWriter(query)]);
      if (reply.error) throw reply.error;
      this.log.written();
      return toResult(reply.answers[0]!);
    } finally {
      this.turns.give();
    }
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not used by the comment store");
  }
}

/** Kysely's driver for a file with a writer thread (WriterSession). */
class WriterThreadSqliteDriver extends SqliteDriver {
  private readonly reads: StatementCachingConnection;

  constructor(
    private readonly database: Database.Database,
    private readonly writer: SqliteWriter,
    private readonly turns: FileTurns,
    private readonly log: WalSync,
  ) {
    super({ database });
    this.reads = new StatementCachingConnection(database, log);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new WriterSession(this.reads, this.writer, this.turns, this.log);
  }

  override async releaseConnection(): Promise<void> {}

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    if (settings?.accessMode === "read only") throw new Error("read-only transactions are not used by the comment store");
    await (connection as WriterSession).begin();
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WriterSession).end("commit");
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WriterSession).end("rollback");
  }

  override async destroy(): Promise<void> {
    await this.writer.close();
    await this.log.close();
    await super.destroy();
  }
}

class CommentsSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: Database.Database,
    private readonly turns: FileTurns,
    private readonly log: WalSync,
    private readonly writer: SqliteWriter | undefined,
  ) {
    super({ database });
  }
  override createDriver() {
    return this.writer ? new WriterThreadSqliteDriver(this.database, this.writer, this.turns, this.log) : new ImmediateSqliteDriver(this.database, this.turns, this.log);
  }
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter(this.writer !== undefined);
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
  // Writes on a thread of their own, for a file in write-ahead-log mode (reads go on beside them); in memory, all on this one.
  const writer = wal ? new SqliteWriter(file, checkpointer !== undefined) : undefined;
  // Its COMMIT syncs the log there (synchronous=FULL, off the event loop): nothing is left to sync here.
  const log = new WalSync(wal && !writer ? file : undefined, checkpointer && { nudge: () => checkpointer.nudge(), detach: () => checkpointer.detach(database) });

  return {
    name: "sqlite",
    db: new Kysely<CommentsDatabase>({ dialect: new CommentsSqliteDialect(database, turns, log, writer) }),
    durable: () => log.durable(),
    writes: () => log.writes,
    dataVersion: () => dataVersion.get()!,
    time: (date) => date.getTime(),
    rowLocks: false,
    lockRows: (query) => query,
    groupLocks: () => undefined,
    async inOneFlight(trx, statements, options) {
      if (writer) {
        if (statements.length === 0 && !options?.commit) return [];
        const { rows } = await trx.executeQuery(CompiledQuery.raw(options?.commit ? COMMITTING_FLIGHT : FLIGHT, [...statements]));
        return rows as QueryResult<unknown>[];
      }
      if (options?.commit) throw new Error("a SQLite flight cannot carry its COMMIT without a writer thread (flightCommits is false)");
      const answers: QueryResult<unknown>[] = [];
      for (const [i, statement] of statements.entries()) answers.push(await trx.executeQuery(statement).catch((error: unknown) => Promise.reject(markFailedStatement(error, i))));
      return answers;
    },
    flightCommits: writer !== undefined,
    announceChanges: () => {},
    lockMigrations: async () => {},
    migrationSchema: async () => undefined,
    addressAge: sql`(created_at + 0)`,
    addressAgeOf: (moment) => sql`${moment}`,
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
