import { CompiledQuery, Kysely, PostgresAdapter, PostgresDialect, PostgresDriver, sql, type PostgresDialectConfig, type QueryResult, type TransactionSettings } from "kysely";
import pg from "pg";
import { coalesced } from "./coalesced";
import type { CommentsDatabase } from "./schema";
import { errorCode, markFailedStatement, PLAN_EACH_CALL, type StoreDialect } from "./store-dialect";

export interface PostgresStoreOptions {
  /** `postgres://user@host:5432/db` (DATABASE_URL). */
  connectionString: string;
  /** Tables live in this schema instead of the connection's default (tests: a fresh schema each). */
  schema?: string;
  /** Connections per process (default 10). */
  poolSize?: number;
  /** Longest wait to open a connection (default 3 s): a dead database fails fast with 503s instead of piling up requests. */
  connectTimeoutMs?: number;
  /** Longest wait for a free connection when all are busy (default 10 s): bursts queue rather than fail. */
  poolWaitMs?: number;
}

/**
 * Kysely's own migration lock is a session-level advisory lock, one for the
 * whole database, taken after the Migrator has already created its tables
 * (two instances starting together collide there) and released by a statement
 * that fails in an aborted transaction, leaving the pooled connection holding
 * it. migrateToLatest takes a transaction-level lock first instead
 * (lockMigrations below), which cannot outlive the transaction.
 */
class TransactionLockPostgresAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {
    // Already held: see lockMigrations.
  }
  override async releaseMigrationLock(): Promise<void> {
    // Released with the transaction.
  }
}

/**
 * BEGIN goes out without waiting for its answer: the pool's connections are
 * pipelined, so the transaction's first statement follows it on the wire and
 * both are answered in one round trip (the server still runs them in order).
 * Its answer is awaited before COMMIT, so a BEGIN that failed still fails the
 * transaction.
 */
type PostgresConnection = Parameters<PostgresDriver["rollbackTransaction"]>[0];

class PipelinedBeginPostgresDriver extends PostgresDriver {
  private readonly begun = new WeakMap<PostgresConnection, Promise<void>>();

  override async beginTransaction(connection: PostgresConnection, settings: TransactionSettings): Promise<void> {
    // super's body runs up to the query it sends (pg writes it to the socket) before its first await.
    const begun = super.beginTransaction(connection, settings);
    begun.catch(() => {});
    this.begun.set(connection, begun);
  }

  override async commitTransaction(connection: PostgresConnection): Promise<void> {
    const begun = this.begun.get(connection);
    this.begun.delete(connection);
    await begun;
    await super.commitTransaction(connection);
  }

  override async rollbackTransaction(connection: PostgresConnection): Promise<void> {
    this.begun.delete(connection);
    await super.rollbackTransaction(connection);
  }
}

class CommentsPostgresDialect extends PostgresDialect {
  constructor(private readonly config: PostgresDialectConfig) {
    super(config);
  }
  override createAdapter() {
    return new TransactionLockPostgresAdapter();
  }
  override createDriver() {
    return new PipelinedBeginPostgresDriver(this.config);
  }
}

/**
 * A flight (`inOneFlight`) travels through Kysely as one query with this text
 * and the statements as its values: Kysely runs one query at a time on a
 * transaction's connection, so the pool's client (below) takes it apart and
 * sends the statements back to back itself.
 */
const FLIGHT = "-- yangguang-comments: statements in one flight";
/** The same, with the transaction's COMMIT sent behind the statements (FlightOptions.commit). */
const COMMITTING_FLIGHT = "-- yangguang-comments: statements in one flight, then COMMIT";

/** One pipelined statement's answer as Kysely gives it. */
function queryResult(result: pg.QueryResult): QueryResult<unknown> {
  const { command, rowCount, rows } = result;
  const changed = command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE";
  return { rows: rows ?? [], ...(changed ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}) };
}

/** Write groups committing side by side (store-dialect.ts writeLanes). */
const WRITE_LANES = 4;

/** Most statements kept prepared per connection; statements beyond them go unnamed (parsed each time). */
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

/**
 * The same SQL text gets the same name on every connection (each prepares it
 * on its first use); a statement marked PLAN_EACH_CALL gets none ("").
 */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    statementNames.set(text, (name = text.includes(PLAN_EACH_CALL) ? "" : `yc_${statementNames.size}`));
  }
  return name || undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Errors meaning "the database is not reachable right now", as opposed to a bug
 * or a constraint: socket errors, SQLSTATE class 08 (connection exception),
 * 57P01–57P03 (shutting down, crashed, starting up), 53300 (too many
 * connections), and node-postgres's own pool and connection failures.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = errorCode(error);
  if (code !== undefined) {
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|ECONNABORTED)$/.test(code)) return true;
    if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300") return true;
  }
  return /timeout exceeded when trying to connect|timeout expired|Query read timeout|Connection terminated|connection error|not queryable|Cannot use a pool after calling end/i.test(error.message);
}

/** A pool of node-postgres connections behind Kysely. Nothing connects until the first query. */
export function postgresDialect(options: PostgresStoreOptions): StoreDialect {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`not a plain schema name: ${options.schema}`);
  const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  const poolWaitMs = Math.max(options.poolWaitMs ?? 10_000, connectTimeoutMs);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    // The pool applies this to waiting for a free connection (and to opening one)...
    connectionTimeoutMillis: poolWaitMs,
    // ...and each connection gives up opening sooner.
    Client: class extends pg.Client {
      constructor(config?: pg.ClientConfig) {
        // Pipelined: a query goes out at once, without waiting for the answers before it (each still
        // has its own Sync, so an error ends only its own statement, or the transaction it is in).
        super({ ...config, connectionTimeoutMillis: connectTimeoutMs, pipeline: true } as pg.ClientConfig);
      }

      /**
       * The COMMIT (or, after a failed statement, the rollback) a committing flight sent: the
       * transaction's own COMMIT or ROLLBACK, next on this connection, takes its answer instead
       * of a round trip of its own.
       */
      private ended: Promise<pg.QueryResult> | undefined;

      private async flight(statements: readonly CompiledQuery[], commit: boolean): Promise<{ command: string; rowCount: null; rows: QueryResult<unknown>[] }> {
        const sent = statements.map((statement) => this.query(statement.sql, statement.parameters) as unknown as Promise<pg.QueryResult>);
        if (commit) {
          // Sent now, right behind them; awaited below or by the transaction's end (`ended`).
          this.ended = super.query("COMMIT") as unknown as Promise<pg.QueryResult>;
          this.ended.catch(() => {});
        }
        const answers = await Promise.allSettled(sent);
        // The first failure is the cause; statements after it in the transaction only say it is aborted.
        const failed = answers.findIndex((answer) => answer.status === "rejected");
        if (failed !== -1) throw markFailedStatement((answers[failed] as PromiseRejectedResult).reason, failed);
        // Every statement went in: a COMMIT that fails now fails them all (no statement's own error).
        if (commit) await this.ended;
        return { command: "FLIGHT", rowCount: null, rows: answers.map((answer) => queryResult((answer as PromiseFulfilledResult<pg.QueryResult>).value)) };
      }

      // Kysely sends every statement unnamed, so the server parses and plans it anew each time;
      // named, each connection prepares it once (the store's statements are compiled once anyway).
      override query(...args: unknown[]): never {
        const [text, values] = args;
        if (text === FLIGHT || text === COMMITTING_FLIGHT) return this.flight(values as CompiledQuery[], text === COMMITTING_FLIGHT) as never;
        // Kysely's COMMIT or ROLLBACK (no values) ending a transaction whose flight already ended it.
        if (this.ended && (text === "commit" || text === "rollback") && Array.isArray(values) && values.length === 0) {
          const ended = this.ended;
          this.ended = undefined;
          // A rollback after a failed COMMIT: the transaction is over either way.
          return (text === "commit" ? ended : ended.catch(() => ({ command: "ROLLBACK", rowCount: null, rows: [] }))) as never;
        }
        const name = args.length === 2 && typeof text === "string" && Array.isArray(values) && values.length > 0 ? statementName(text) : undefined;
        return (name ? super.query({ name, text: text as string, values: values as unknown[] }) : (super.query as (...a: unknown[]) => unknown)(...args)) as never;
      }
    },
    idleTimeoutMillis: 30_000,
    // A query that hangs on a half-dead server gives up rather than holding a request forever.
    query_timeout: 30_000,
    application_name: "yangguang-comments",
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // Never parallel: every statement of the store reads a handful of rows by index, so a parallel plan
  // only comes from an estimate gone wrong (a table never analysed, or one that grew faster than its
  // statistics), and starting its workers cost more than the statement (a write group's rate read took
  // 100-200 ms with two workers on a 2-core server, about 1 ms without). Sent first on each new connection,
  // so it holds whatever `options` the connection string carries.
  pool.on("connect", (client) => {
    client.query("SET max_parallel_workers_per_gather = 0").catch(() => {
      // A connection that cannot take it is failing anyway; its next statement says why.
    });
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool discards it and the next query opens a fresh one.
  pool.on("error", (error) => {
    console.warn(`comments database: idle connection lost (${error.message})`);
  });
  const db = new Kysely<CommentsDatabase>({ dialect: new CommentsPostgresDialect({ pool }) });
  // A statement of its own, after the group's COMMIT; it needs no flush (a notification is not kept anyway), so it
  // holds PostgreSQL's notify lock only for moments. A failure (the server went away) is heard by every listener
  // as a lost connection, which counts as a change.
  const announceChanges = coalesced(async () => {
    await sql`SELECT set_config('synchronous_commit', 'off', true), pg_notify(comments_change_channel(current_schema()), '')`.execute(db).catch(() => {});
  });
  return {
    name: "postgres",
    db,
    time: (date) => date,
    // COMMIT returns once the server has flushed its log (synchronous_commit on).
    durable: async () => {},
    writes: () => 0,
    rowLocks: true,
    lockRows: (query, mode) => (mode === "update" ? query.forUpdate() : query.forShare()) as typeof query,
    groupLocks(lockNames) {
      // Sorted, so two transactions wanting the same names never wait for each other in a cycle.
      const sorted = [...new Set(lockNames)].sort();
      return sql`SELECT set_config('comments.notify', 'after_commit', true), (SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(${sorted}::text[]) AS k)`.compile(db);
    },
    async inOneFlight(trx, statements, options) {
      const commit = options?.commit === true;
      if (statements.length === 0 && !commit) return [];
      if (statements.length === 1 && !commit) return [await trx.executeQuery(statements[0]!).catch((error: unknown) => Promise.reject(markFailedStatement(error, 0)))];
      const { rows } = await trx.executeQuery(CompiledQuery.raw(commit ? COMMITTING_FLIGHT : FLIGHT, [...statements]));
      return rows as QueryResult<unknown>[];
    },
    flightCommits: true,
    announceChanges,
    async lockMigrations(trx) {
      // Per schema, so stores in different schemas (tests) do not wait for each other; the very
      // lock the previous release took, so an old and a new instance starting together take turns.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended('yangguang-comments-migrations:' || current_schema(), 0))`.execute(trx);
    },
    async migrationSchema(trx) {
      const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(trx);
      return rows[0]!.schema;
    },
    addressAge: sql`(created_at AT TIME ZONE 'UTC')`,
    addressAgeOf: (moment) => sql`(CAST(${moment} AS timestamptz) AT TIME ZONE 'UTC')`,
    unindexed: (column) => sql.ref(column),
    types: { integer: "bigint", moment: "timestamptz" },
    idColumn: (column) => column.generatedAlwaysAsIdentity().primaryKey(),
    withoutRowid: false,
    async legacyVersion(trx) {
      // No such table: a database the previous release never saw. (Asked first: a failed statement would abort the transaction.)
      const { rows: found } = await sql<{ exists: boolean }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`.execute(trx);
      if (!found[0]?.exists) return 0;
      const { rows } = await sql<{ version: number | null }>`SELECT max(version) AS version FROM schema_migrations`.execute(trx);
      return rows[0]?.version ?? 0;
    },
    async recordLegacyVersion(trx, version) {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(trx);
      await sql`INSERT INTO schema_migrations (version) VALUES (${version}) ON CONFLICT DO NOTHING`.execute(trx);
    },
    isUnavailable: isConnectionError,
    // Up to 4 of the pool's connections commit write groups; never the whole pool, so reads always find one.
    writeLanes: Math.max(1, Math.min(WRITE_LANES, (options.poolSize ?? 10) - 2)),
    isRetryable: (error) => errorCode(error) === "40P01" || errorCode(error) === "40001",
    isForeignKeyViolation: (error) => errorCode(error) === "23503",
  };
}
