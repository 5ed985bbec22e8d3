import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { CompiledQuery, Kysely, sql, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type QueryResult, type TransactionSettings } from "kysely";
import type { CommentsDatabase } from "./schema";
import { errorCode, type StoreDialect } from "./store-dialect";

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
  ) {
    super({ database });
    this.connection = new StatementCachingConnection(database);
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

  constructor(private readonly database: Database.Database) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let statement = this.statements.get(query.sql);
    if (!statement) {
      statement = this.database.prepare(query.sql);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      this.statements.set(query.sql, statement);
    }
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not used by the comment store");
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
  ) {
    super({ database });
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.database, this.turns);
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
  try {
    // Wait for other writers (another process, a CLI) instead of failing with SQLITE_BUSY.
    database.pragma("busy_timeout = 5000");
    database.pragma("journal_mode = WAL");
    // FULL: a commit is on disk before we answer 201, so a crash or power cut loses nothing acknowledged.
    database.pragma("synchronous = FULL");
    database.pragma("foreign_keys = ON");
  } catch (error) {
    database.close();
    throw error;
  }
  const dataVersion = database.prepare<[], number>("PRAGMA data_version").pluck();
  return {
    name: "sqlite",
    db: new Kysely<CommentsDatabase>({ dialect: new CommentsSqliteDialect(database, FileTurns.of(file)) }),
    dataVersion: () => dataVersion.get()!,
    time: (date) => date.getTime(),
    rowLocks: false,
    lockRows: (query) => query,
    lockNames: async () => {},
    lockMigrations: async () => {},
    migrationSchema: async () => undefined,
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
