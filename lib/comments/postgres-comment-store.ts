import pg from "pg";
import {
  CommentDuplicateError,
  CommentParentError,
  CommentStoreUnavailableError,
  CommentThreadFullError,
  isCommentId,
  REPLY_PREVIEW,
  type CreateOptions,
  type ReplyPage,
  type CommentCounts,
  type CommentListQuery,
  type CommentStatus,
  type CommentStore,
  type CommentThread,
  type NewComment,
  type StoredComment,
} from "./comment-store";
import { decideRate, longestCheckWindow, type RateCheck, type RateDecision } from "./rate-limiter";
import { ADDRESS_PSEUDONYM_MIGRATION, assembleThreads, COMMENT_COLUMNS as COLUMNS, threadParentId, toComment, type CommentRow, type PreviewReplyRow } from "./store-rows";

/**
 * Schema versions, applied in order on start; `schema_migrations` records each
 * one applied. Append new steps; never edit a shipped one. Same tables and
 * indexes as the SQLite store, in PostgreSQL's types.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE comments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text        NOT NULL,
    parent_id   bigint      REFERENCES comments(id) ON DELETE CASCADE,
    nickname    text,
    text        text        NOT NULL,
    reader_id   text        NOT NULL,
    ip_hash     text,
    status      text        NOT NULL CHECK (status IN ('published', 'pending', 'hidden')),
    created_at  timestamptz NOT NULL,
    likes       integer     NOT NULL DEFAULT 0 CHECK (likes >= 0)
  );
  -- The two list orders, for published top-level comments of one report.
  CREATE INDEX comments_hot ON comments (slug, likes DESC, created_at DESC, id DESC) WHERE parent_id IS NULL AND status = 'published';
  CREATE INDEX comments_new ON comments (slug, created_at DESC, id DESC) WHERE parent_id IS NULL AND status = 'published';
  -- Replies of a page of comments; counts and participants per report.
  CREATE INDEX comments_replies ON comments (parent_id, created_at, id);
  CREATE INDEX comments_counts ON comments (slug, status, reader_id);
  -- Duplicate checks and moderation queues.
  CREATE INDEX comments_reader ON comments (reader_id, created_at);
  CREATE INDEX comments_ip ON comments (ip_hash, created_at) WHERE ip_hash IS NOT NULL;
  CREATE INDEX comments_status ON comments (status, created_at, id);

  CREATE TABLE comment_likes (
    comment_id  bigint      NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    reader_id   text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (comment_id, reader_id)
  );

  CREATE TABLE secrets (
    name   text PRIMARY KEY,
    value  text NOT NULL
  );
  `,
  // 2: rate limits kept with the data, so every app instance shares them.
  `
  CREATE TABLE rate_events (
    key         text   NOT NULL, -- bucket and reader, e.g. comment:r:<id>
    at          bigint NOT NULL, -- milliseconds since the epoch
    expires_at  bigint NOT NULL  -- when no rule can count it any more
  );
  CREATE INDEX rate_events_key ON rate_events (key, at);
  CREATE INDEX rate_events_expiry ON rate_events (expires_at);
  `,
  // 3: keyed address pseudonyms, one like per address, no salt in the database (store-rows.ts).
  ADDRESS_PSEUDONYM_MIGRATION,
];

/** Latest schema version (the highest `schema_migrations.version` of a migrated database). */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

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

/** How often a store sweeps expired rate-limit events of every key. */
const RATE_SWEEP_INTERVAL_MS = 60_000;
/** Deadlocks and serialization failures are retried this many times. */
const MAX_ATTEMPTS = 3;

/**
 * Errors meaning "the database is not reachable right now", as opposed to a bug
 * or a constraint: socket errors, SQLSTATE class 08 (connection exception),
 * 57P01–57P03 (shutting down, crashed, starting up), 53300 (too many
 * connections), and node-postgres's own pool and connection failures.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|ECONNABORTED)$/.test(code)) return true;
    if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300") return true;
  }
  return /timeout exceeded when trying to connect|timeout expired|Query read timeout|Connection terminated|connection error|not queryable|Cannot use a pool after calling end/i.test(error.message);
}

function unavailable(error: unknown): unknown {
  if (error instanceof CommentStoreUnavailableError || !isConnectionError(error)) return error;
  return new CommentStoreUnavailableError(`the comments database is unavailable: ${(error as Error).message}`, { cause: error });
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "40P01" || code === "40001";
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a PostgreSQL comment store. Nothing connects until the first call, and
 * that call first brings the schema up to date (once per process; retried on the
 * next call if the database was unreachable).
 */
export function openPostgresCommentStore(options: PostgresStoreOptions): PostgresCommentStore {
  return new PostgresCommentStore(options);
}

export class PostgresCommentStore implements CommentStore {
  private readonly pool: pg.Pool;
  private migrated: Promise<void> | undefined;
  private ended = false;
  private lastRateSweep = 0;

  constructor(options: PostgresStoreOptions) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`not a plain schema name: ${options.schema}`);
    const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
    const poolWaitMs = Math.max(options.poolWaitMs ?? 10_000, connectTimeoutMs);
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      // The pool applies this to waiting for a free connection (and to opening one)...
      connectionTimeoutMillis: poolWaitMs,
      // ...and each connection gives up opening sooner.
      Client: class extends pg.Client {
        constructor(config?: pg.ClientConfig) {
          super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
        }
      },
      idleTimeoutMillis: 30_000,
      // A query that hangs on a half-dead server gives up rather than holding a request forever.
      query_timeout: 30_000,
      application_name: "yangguang-comments",
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool discards it and the next query opens a fresh one.
    this.pool.on("error", (error) => {
      console.warn(`comments database: idle connection lost (${error.message})`);
    });
  }

  /** Brings the schema up to date: once per process, inside an advisory lock so instances starting together migrate once. */
  ready(): Promise<void> {
    this.migrated ??= this.migrate().catch((error: unknown) => {
      this.migrated = undefined;
      throw unavailable(error);
    });
    return this.migrated;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      // Per schema, so stores in different schemas (tests) do not wait for each other.
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('yangguang-comments-migrations:' || current_schema(), 0))");
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version     integer     PRIMARY KEY,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
      for (let v = rows[0]?.version ?? 0; v < MIGRATIONS.length; v++) {
        await client.query(MIGRATIONS[v]!);
        await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [v + 1]);
      }
      await client.query("COMMIT");
    } catch (error) {
      broken = await rollback(client);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** One statement outside a transaction. */
  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    await this.ready();
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** Runs `work` in one transaction; deadlocks and serialization failures are retried. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready();
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw unavailable(error);
      }
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await work(client);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        broken = await rollback(client);
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
        throw unavailable(error);
      } finally {
        client.release(broken);
      }
    }
  }

  async createComment(input: NewComment, options: CreateOptions = {}): Promise<StoredComment> {
    return this.transaction(async (client) => {
      const since = options.rejectDuplicatesSince;
      if (since !== undefined) {
        // Concurrent posts by one reader (on any instance) take turns, so a double submit cannot slip through.
        await lockKeys(client, input.ipHash === null ? [`dup:r:${input.readerId}`] : [`dup:r:${input.readerId}`, `dup:ip:${input.ipHash}`]);
        const duplicate = await client.query(
          `SELECT 1 FROM comments WHERE reader_id = $1 AND created_at >= $2 AND text = $3
           UNION ALL
           SELECT 1 FROM comments WHERE $4::text IS NOT NULL AND ip_hash = $4 AND created_at >= $2 AND text = $3
           LIMIT 1`,
          [input.readerId, since, input.text, input.ipHash],
        );
        if (duplicate.rowCount) throw new CommentDuplicateError("the same text was posted recently");
      }
      let parent: CommentRow | undefined;
      if (input.parentId !== null && isCommentId(input.parentId)) {
        // FOR SHARE: the parent cannot be deleted or hidden until this reply is in. Under a reply
        // cap, FOR UPDATE: replies to one thread take turns (a shared lock upgraded later would deadlock).
        const lock = options.maxRepliesPerThread !== undefined ? "FOR UPDATE" : "FOR SHARE";
        parent = (await client.query<CommentRow>(`SELECT ${COLUMNS} FROM comments WHERE id = $1 ${lock}`, [input.parentId])).rows[0];
      }
      const parentId = threadParentId(input, parent);
      if (parentId !== null && options.maxRepliesPerThread !== undefined) {
        // A reply to a reply counts against its thread: lock the top-level row too.
        if (parentId !== input.parentId) await client.query(`SELECT 1 FROM comments WHERE id = $1 FOR UPDATE`, [parentId]);
        const size = await client.query<{ n: string }>(`SELECT count(*) AS n FROM comments WHERE parent_id = $1 AND status <> 'hidden'`, [parentId]);
        if (Number(size.rows[0]!.n) >= options.maxRepliesPerThread) throw new CommentThreadFullError(`thread ${parentId} is full`);
      }
      const { rows } = await client.query<CommentRow>(
        `INSERT INTO comments (slug, parent_id, nickname, text, reader_id, ip_hash, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [input.slug, parentId, input.nickname, input.text, input.readerId, input.ipHash, input.status, input.createdAt],
      );
      return toComment(rows[0]!);
    }).catch((error: unknown) => {
      // 23503: the parent was deleted between the check and the insert.
      if ((error as { code?: unknown }).code === "23503") throw new CommentParentError(`no published comment ${input.parentId} in ${input.slug}`);
      throw error;
    });
  }

  async getComment(id: string): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    const { rows } = await this.query<CommentRow>(`SELECT ${COLUMNS} FROM comments WHERE id = $1`, [id]);
    return rows[0] && toComment(rows[0]);
  }

  /**
   * One statement (one round trip, one snapshot): the page through its partial
   * index, then the replies of exactly those comments through comments_replies.
   * Not cached: other instances write to the same tables, and every instance
   * must list what any of them stored.
   */
  async listComments({ slug, sort, offset, limit, replyPreview = REPLY_PREVIEW }: CommentListQuery): Promise<{ threads: CommentThread[]; hasMore: boolean }> {
    const order = sort === "hot" ? "likes DESC, created_at DESC, id DESC" : "created_at DESC, id DESC";
    const { rows } = await this.query<PreviewReplyRow & { pos: string | null }>(
      `WITH page AS (
         SELECT ${COLUMNS}, row_number() OVER (ORDER BY ${order}) AS pos
         FROM (
           SELECT ${COLUMNS} FROM comments
           WHERE slug = $1 AND parent_id IS NULL AND status = 'published'
           ORDER BY ${order} LIMIT $2 OFFSET $3
         ) AS top
       )
       SELECT ${COLUMNS}, pos, 0 AS reply_count FROM page
       UNION ALL
       SELECT ${COLUMNS}, NULL, reply_count FROM (
         SELECT ${COLUMNS.split(", ").map((c) => `r.${c}`).join(", ")},
                count(*) OVER (PARTITION BY r.parent_id) AS reply_count,
                row_number() OVER (PARTITION BY r.parent_id ORDER BY r.created_at, r.id) AS n
         FROM comments r
         WHERE r.parent_id IN (SELECT id FROM page WHERE pos <= $4) AND r.status = 'published'
       ) AS replies WHERE n <= $5
       ORDER BY pos NULLS LAST, created_at, id`,
      [slug, limit + 1, offset, limit, replyPreview],
    );
    const top = rows.filter((row) => row.pos !== null);
    const replies = rows.filter((row) => row.pos === null);
    return { threads: assembleThreads(top.slice(0, limit), replies), hasMore: top.length > limit };
  }

  async listReplies(parentId: string, offset: number, limit: number): Promise<ReplyPage | undefined> {
    if (!isCommentId(parentId)) return undefined;
    // One statement: the parent (to tell "no such thread" from "no replies"), the count and the page.
    const { rows } = await this.query<CommentRow & { kind: "parent" | "reply"; total: string }>(
      `SELECT ${COLUMNS}, 'parent' AS kind,
              (SELECT count(*) FROM comments WHERE parent_id = $1 AND status = 'published') AS total
       FROM comments WHERE id = $1 AND parent_id IS NULL AND status = 'published'
       UNION ALL
       SELECT * FROM (
         SELECT ${COLUMNS}, 'reply' AS kind, 0 AS total FROM comments
         WHERE parent_id = $1 AND status = 'published' ORDER BY created_at, id LIMIT $2 OFFSET $3
       ) AS page`,
      [parentId, limit + 1, offset],
    );
    const parent = rows.find((row) => row.kind === "parent");
    if (!parent) return undefined;
    const replies = rows.filter((row) => row.kind === "reply");
    return { replies: replies.slice(0, limit).map(toComment), total: Number(parent.total), hasMore: replies.length > limit };
  }

  async countComments(slugs: readonly string[]): Promise<Map<string, CommentCounts>> {
    const counts = new Map<string, CommentCounts>(slugs.map((slug) => [slug, { comments: 0, participants: 0 }]));
    if (slugs.length === 0) return counts;
    const { rows } = await this.query<{ slug: string; comments: string; participants: string }>(
      // A reply always shares its parent's report; saying so lets the join read only these
      // reports' rows (through comments_counts) instead of hashing the whole table.
      `SELECT c.slug, count(*) AS comments, count(DISTINCT c.reader_id) AS participants
       FROM comments c LEFT JOIN comments p ON p.id = c.parent_id AND p.slug = c.slug AND p.slug = ANY($1::text[])
       WHERE c.slug = ANY($1::text[]) AND c.status = 'published'
         AND (c.parent_id IS NULL OR p.status = 'published')
       GROUP BY c.slug`,
      [slugs],
    );
    for (const row of rows) counts.set(row.slug, { comments: Number(row.comments), participants: Number(row.participants) });
    return counts;
  }

  async like(commentId: string, readerId: string, addressHash: string | null = null): Promise<number | undefined> {
    return this.changeLike(commentId, readerId, addressHash, 1);
  }

  async unlike(commentId: string, readerId: string): Promise<number | undefined> {
    return this.changeLike(commentId, readerId, null, -1);
  }

  private async changeLike(commentId: string, readerId: string, addressHash: string | null, delta: 1 | -1): Promise<number | undefined> {
    if (!isCommentId(commentId)) return undefined;
    return this.transaction(async (client) => {
      // FOR UPDATE: likes of one comment take turns, on every instance, so each reader counts once.
      const before = (await client.query<{ likes: number; status: CommentStatus }>(`SELECT likes, status FROM comments WHERE id = $1 FOR UPDATE`, [commentId])).rows[0];
      if (!before || before.status !== "published") return undefined;
      const changed =
        delta === 1
          ? // ON CONFLICT DO NOTHING: a like already there from this reader, or from this address, adds nothing.
            await client.query(`INSERT INTO comment_likes (comment_id, reader_id, created_at, address_hash) VALUES ($1, $2, now(), $3) ON CONFLICT DO NOTHING`, [
              commentId,
              readerId,
              addressHash,
            ])
          : await client.query(`DELETE FROM comment_likes WHERE comment_id = $1 AND reader_id = $2`, [commentId, readerId]);
      if (!changed.rowCount) return before.likes;
      const after = await client.query<{ likes: number }>(`UPDATE comments SET likes = greatest(likes + $1, 0) WHERE id = $2 RETURNING likes`, [delta, commentId]);
      return after.rows[0]!.likes;
    });
  }

  async listByStatus(status: CommentStatus, limit: number): Promise<StoredComment[]> {
    const { rows } = await this.query<CommentRow>(`SELECT ${COLUMNS} FROM comments WHERE status = $1 ORDER BY created_at, id LIMIT $2`, [status, limit]);
    return rows.map(toComment);
  }

  async setStatus(id: string, status: CommentStatus): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    const { rows } = await this.query<CommentRow>(`UPDATE comments SET status = $1 WHERE id = $2 RETURNING ${COLUMNS}`, [status, id]);
    return rows[0] && toComment(rows[0]);
  }

  async deleteComment(id: string): Promise<boolean> {
    if (!isCommentId(id)) return false;
    const { rowCount } = await this.query(`DELETE FROM comments WHERE id = $1`, [id]);
    return (rowCount ?? 0) > 0;
  }

  async hitRateLimit(checks: readonly RateCheck[], now: number): Promise<RateDecision> {
    const window = longestCheckWindow(checks);
    if (window === 0) return { allowed: true };
    const unique = [...new Set(checks.map((check) => check.key))];
    const rulesOf = new Map(checks.map((check) => [check.key, check.rules]));
    const sweep = now - this.lastRateSweep >= RATE_SWEEP_INTERVAL_MS;
    if (sweep) this.lastRateSweep = now;
    return this.transaction(async (client) => {
      // The keys' events are read and written under their locks, so instances take turns per reader.
      await lockKeys(client, unique.map((key) => `rate:${key}`));
      await client.query(`DELETE FROM rate_events WHERE key = ANY($1::text[]) AND at <= $2`, [unique, now - window]);
      if (sweep) await client.query(`DELETE FROM rate_events WHERE expires_at <= $1`, [now]);
      const { rows } = await client.query<{ key: string; at: string }>(`SELECT key, at FROM rate_events WHERE key = ANY($1::text[]) AND at > $2`, [
        unique,
        now - window,
      ]);
      const times = new Map<string, number[]>(unique.map((key) => [key, []]));
      for (const row of rows) times.get(row.key)?.push(Number(row.at));
      const decision = decideRate(times, (key) => rulesOf.get(key) ?? [], now);
      if (decision.allowed) {
        await client.query(`INSERT INTO rate_events (key, at, expires_at) SELECT k, $2, $3 FROM unnest($1::text[]) AS k`, [unique, now, now + window]);
      }
      return decision;
    });
  }

  async clearAddressHashes(before: Date): Promise<number> {
    return this.transaction(async (client) => {
      const comments = await client.query(`UPDATE comments SET ip_hash = NULL WHERE ip_hash IS NOT NULL AND created_at < $1`, [before]);
      const likes = await client.query(`UPDATE comment_likes SET address_hash = NULL WHERE address_hash IS NOT NULL AND created_at < $1`, [before]);
      return (comments.rowCount ?? 0) + (likes.rowCount ?? 0);
    });
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.migrated?.catch(() => {});
    await this.pool.end();
  }
}

/** Transaction-scoped advisory locks on these names, always in the same order (no deadlocks between them). */
async function lockKeys(client: pg.PoolClient, names: readonly string[]): Promise<void> {
  const sorted = [...new Set(names)].sort();
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k`, [sorted]);
}

/** Rolls back after a failure; true when the connection itself is broken and must not go back to the pool. */
async function rollback(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query("ROLLBACK");
    return false;
  } catch {
    return true;
  }
}
