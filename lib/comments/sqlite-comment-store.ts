import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  CommentDuplicateError,
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
 * Schema versions, applied in order on first use (PRAGMA user_version records
 * how far a file has come). Append new steps; never edit a shipped one.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    nickname    TEXT,
    text        TEXT    NOT NULL,
    reader_id   TEXT    NOT NULL,
    ip_hash     TEXT,
    status      TEXT    NOT NULL CHECK (status IN ('published', 'pending', 'hidden')),
    created_at  INTEGER NOT NULL, -- milliseconds since the epoch, UTC
    likes       INTEGER NOT NULL DEFAULT 0 CHECK (likes >= 0)
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
    comment_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    reader_id   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (comment_id, reader_id)
  ) WITHOUT ROWID;

  CREATE TABLE secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: rate limits kept with the data, so every process using this file shares them.
  `
  CREATE TABLE rate_events (
    key         TEXT    NOT NULL, -- bucket and reader, e.g. comment:r:<id>
    at          INTEGER NOT NULL, -- milliseconds since the epoch
    expires_at  INTEGER NOT NULL  -- when no rule can count it any more
  );
  CREATE INDEX rate_events_key ON rate_events (key, at);
  CREATE INDEX rate_events_expiry ON rate_events (expires_at);
  `,
  // 3: keyed address pseudonyms, one like per address, no salt in the database (store-rows.ts).
  ADDRESS_PSEUDONYM_MIGRATION,
];

/** Latest schema version (PRAGMA user_version of a migrated file). */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** How often a store sweeps expired rate-limit events of every key. */
const RATE_SWEEP_INTERVAL_MS = 60_000;

/** Opens (creating and migrating when needed) a comments database file. */
export function openSqliteCommentStore(file: string): CommentStore {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // Wait for other writers (another process, a CLI) instead of failing with SQLITE_BUSY.
    db.pragma("busy_timeout = 5000");
    db.pragma("journal_mode = WAL");
    // FULL: a commit is on disk before we answer 201, so a crash or power cut loses nothing acknowledged.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db);
    return new SqliteCommentStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database): void {
  // IMMEDIATE takes the write lock first, so two processes starting together migrate once.
  db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
    }
    if (version < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/**
 * SQLITE_BUSY after the busy timeout: another process held the write lock for
 * 5 s. Like an unreachable database server, that is "try again shortly".
 */
function unavailableWhenBusy<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") throw new CommentStoreUnavailableError("the comments database is busy", { cause: error });
    throw error;
  }
}

/** Most cached read results kept; past this the cache starts afresh. */
const MAX_CACHED_READS = 2_000;

/**
 * Listing pages and counts are read far more often than comments are written,
 * so their results are kept until the data changes: a write through this store
 * bumps `ownWrites`, and a commit by any other connection (another process, the
 * CLI's server, a second store) changes SQLite's `PRAGMA data_version`. Cached
 * values are frozen, since every caller shares them.
 */
class ReadCache {
  private entries = new Map<string, unknown>();
  private version = "";
  ownWrites = 0;

  constructor(private readonly dataVersion: () => number) {}

  get<T>(key: string, compute: () => T): T {
    const version = `${this.dataVersion()}:${this.ownWrites}`;
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = deepFreeze(compute());
    if (this.entries.size >= MAX_CACHED_READS) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
    else for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

class SqliteCommentStore implements CommentStore {
  private readonly statements;
  private readonly cache: ReadCache;
  private readonly createTx;
  private readonly likeTx;
  private readonly unlikeTx;
  private readonly rateTx;
  private lastRateSweep = 0;

  constructor(private readonly db: Database.Database) {
    const s = {
      getById: db.prepare<[number], CommentRow>(`SELECT ${COLUMNS} FROM comments WHERE id = ?`),
      insert: db.prepare<[string, number | null, string | null, string, string, string | null, CommentStatus, number]>(
        `INSERT INTO comments (slug, parent_id, nickname, text, reader_id, ip_hash, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // The WHERE clauses repeat the partial indexes' conditions so SQLite uses them.
      pageHot: db.prepare<[string, number, number], CommentRow>(
        `SELECT ${COLUMNS} FROM comments WHERE slug = ? AND parent_id IS NULL AND status = 'published'
         ORDER BY likes DESC, created_at DESC, id DESC LIMIT ? OFFSET ?`,
      ),
      pageNew: db.prepare<[string, number, number], CommentRow>(
        `SELECT ${COLUMNS} FROM comments WHERE slug = ? AND parent_id IS NULL AND status = 'published'
         ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      ),
      // The first replies of each thread and the thread's count: bounded by the preview, not the thread.
      replies: db.prepare<[string, number], PreviewReplyRow>(
        `SELECT ${COLUMNS}, reply_count FROM (
           SELECT ${COLUMNS}, count(*) OVER (PARTITION BY parent_id) AS reply_count,
                  row_number() OVER (PARTITION BY parent_id ORDER BY created_at, id) AS n
           FROM comments WHERE parent_id IN (SELECT value FROM json_each(?)) AND status = 'published'
         ) WHERE n <= ? ORDER BY created_at, id`,
      ),
      replyPage: db.prepare<[number, number, number], CommentRow>(
        `SELECT ${COLUMNS} FROM comments WHERE parent_id = ? AND status = 'published' ORDER BY created_at, id LIMIT ? OFFSET ?`,
      ),
      replyTotal: db.prepare<[number], number>(`SELECT count(*) FROM comments WHERE parent_id = ? AND status = 'published'`).pluck(),
      threadSize: db.prepare<[number], number>(`SELECT count(*) FROM comments WHERE parent_id = ? AND status <> 'hidden'`).pluck(),
      counts: db.prepare<[string], { slug: string; comments: number; participants: number }>(
        `SELECT c.slug AS slug, count(*) AS comments, count(DISTINCT c.reader_id) AS participants
         FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
         WHERE c.slug IN (SELECT value FROM json_each(?)) AND c.status = 'published'
           AND (c.parent_id IS NULL OR p.status = 'published')
         GROUP BY c.slug`,
      ),
      duplicateByReader: db.prepare<[string, number, string], { one: number }>(
        `SELECT 1 AS one FROM comments WHERE reader_id = ? AND created_at >= ? AND text = ? LIMIT 1`,
      ),
      duplicateByIp: db.prepare<[string, number, string], { one: number }>(
        `SELECT 1 AS one FROM comments WHERE ip_hash = ? AND created_at >= ? AND text = ? LIMIT 1`,
      ),
      // OR IGNORE: a like already there from this reader, or from this address, adds nothing.
      addLike: db.prepare<[number, string, number, string | null]>(`INSERT OR IGNORE INTO comment_likes (comment_id, reader_id, created_at, address_hash) VALUES (?, ?, ?, ?)`),
      removeLike: db.prepare<[number, string]>(`DELETE FROM comment_likes WHERE comment_id = ? AND reader_id = ?`),
      bumpLikes: db.prepare<[number, number]>(`UPDATE comments SET likes = max(likes + ?, 0) WHERE id = ?`),
      likesOf: db.prepare<[number], { likes: number; status: CommentStatus }>(`SELECT likes, status FROM comments WHERE id = ?`),
      byStatus: db.prepare<[CommentStatus, number], CommentRow>(`SELECT ${COLUMNS} FROM comments WHERE status = ? ORDER BY created_at, id LIMIT ?`),
      setStatus: db.prepare<[CommentStatus, number]>(`UPDATE comments SET status = ? WHERE id = ?`),
      delete: db.prepare<[number]>(`DELETE FROM comments WHERE id = ?`),
      clearCommentAddresses: db.prepare<[number]>(`UPDATE comments SET ip_hash = NULL WHERE ip_hash IS NOT NULL AND created_at < ?`),
      clearLikeAddresses: db.prepare<[number]>(`UPDATE comment_likes SET address_hash = NULL WHERE address_hash IS NOT NULL AND created_at < ?`),
      dataVersion: db.prepare<[], number>("PRAGMA data_version").pluck(),
      rateEvents: db.prepare<[string, number], { key: string; at: number }>(`SELECT key, at FROM rate_events WHERE key IN (SELECT value FROM json_each(?)) AND at > ?`),
      addRateEvent: db.prepare<[string, number, number]>(`INSERT INTO rate_events (key, at, expires_at) VALUES (?, ?, ?)`),
      dropOldRateEvents: db.prepare<[string, number]>(`DELETE FROM rate_events WHERE key IN (SELECT value FROM json_each(?)) AND at <= ?`),
      sweepRateEvents: db.prepare<[number]>(`DELETE FROM rate_events WHERE expires_at <= ?`),
    };
    this.statements = s;
    this.cache = new ReadCache(() => s.dataVersion.get()!);

    this.createTx = db.transaction((input: NewComment, options: CreateOptions): StoredComment => {
      const duplicatesSince = options.rejectDuplicatesSince;
      if (duplicatesSince !== undefined) {
        const since = duplicatesSince.getTime();
        const duplicate =
          s.duplicateByReader.get(input.readerId, since, input.text) ?? (input.ipHash !== null ? s.duplicateByIp.get(input.ipHash, since, input.text) : undefined);
        if (duplicate) throw new CommentDuplicateError("the same text was posted recently");
      }
      const parent = input.parentId !== null && isCommentId(input.parentId) ? s.getById.get(Number(input.parentId)) : undefined;
      const parentId = threadParentId(input, parent);
      if (parentId !== null && options.maxRepliesPerThread !== undefined && s.threadSize.get(Number(parentId))! >= options.maxRepliesPerThread) {
        throw new CommentThreadFullError(`thread ${parentId} is full`);
      }
      const result = s.insert.run(input.slug, parentId === null ? null : Number(parentId), input.nickname, input.text, input.readerId, input.ipHash, input.status, input.createdAt.getTime());
      return toComment(s.getById.get(Number(result.lastInsertRowid))!);
    });

    const changeLike = (delta: 1 | -1) =>
      db.transaction((commentId: number, readerId: string, addressHash: string | null, now: number): number | undefined => {
        const before = s.likesOf.get(commentId);
        if (!before || before.status !== "published") return undefined;
        const changed = delta === 1 ? s.addLike.run(commentId, readerId, now, addressHash).changes : s.removeLike.run(commentId, readerId).changes;
        if (changed === 0) return before.likes;
        s.bumpLikes.run(delta, commentId);
        return s.likesOf.get(commentId)!.likes;
      });
    this.likeTx = changeLike(1);
    this.unlikeTx = changeLike(-1);

    this.rateTx = db.transaction((checks: readonly RateCheck[], now: number, sweep: boolean): RateDecision => {
      const window = longestCheckWindow(checks);
      const keys = checks.map((check) => check.key);
      const rulesOf = new Map(checks.map((check) => [check.key, check.rules]));
      const json = JSON.stringify(keys);
      s.dropOldRateEvents.run(json, now - window);
      if (sweep) s.sweepRateEvents.run(now);
      const times = new Map<string, number[]>(keys.map((key) => [key, []]));
      for (const row of s.rateEvents.all(json, now - window)) times.get(row.key)?.push(row.at);
      const decision = decideRate(times, (key) => rulesOf.get(key) ?? [], now);
      if (decision.allowed) for (const key of new Set(keys)) s.addRateEvent.run(key, now, now + window);
      return decision;
    });
  }

  async createComment(input: NewComment, options: CreateOptions = {}): Promise<StoredComment> {
    try {
      return unavailableWhenBusy(() => this.createTx.immediate(input, options));
    } finally {
      this.cache.ownWrites++;
    }
  }

  async getComment(id: string): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    const row = this.statements.getById.get(Number(id));
    return row && toComment(row);
  }

  async listComments({ slug, sort, offset, limit, replyPreview = REPLY_PREVIEW }: CommentListQuery): Promise<{ threads: CommentThread[]; hasMore: boolean }> {
    // One extra row tells whether another page follows. Both reads share one snapshot.
    return this.cache.get(`list\0${slug}\0${sort}\0${offset}\0${limit}\0${replyPreview}`, this.db.transaction(() => {
      const statement = sort === "hot" ? this.statements.pageHot : this.statements.pageNew;
      const rows = statement.all(slug, limit + 1, offset);
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      const replies = page.length > 0 && replyPreview > 0 ? this.statements.replies.all(JSON.stringify(page.map((row) => row.id)), replyPreview) : [];
      const threads: CommentThread[] = assembleThreads(page, replies);
      return { threads, hasMore };
    }));
  }

  async listReplies(parentId: string, offset: number, limit: number): Promise<ReplyPage | undefined> {
    if (!isCommentId(parentId)) return undefined;
    return this.cache.get(`replies\0${parentId}\0${offset}\0${limit}`, this.db.transaction((): ReplyPage | undefined => {
      const parent = this.statements.getById.get(Number(parentId));
      if (!parent || parent.parent_id !== null || parent.status !== "published") return undefined;
      const rows = this.statements.replyPage.all(Number(parentId), limit + 1, offset);
      return { replies: rows.slice(0, limit).map(toComment), total: this.statements.replyTotal.get(Number(parentId))!, hasMore: rows.length > limit };
    }));
  }

  async countComments(slugs: readonly string[]): Promise<Map<string, CommentCounts>> {
    return this.cache.get(`counts\0${slugs.join("\0")}`, () => this.readCounts(slugs));
  }

  private readCounts(slugs: readonly string[]): Map<string, CommentCounts> {
    const counts = new Map<string, CommentCounts>(slugs.map((slug) => [slug, { comments: 0, participants: 0 }]));
    if (slugs.length === 0) return counts;
    for (const row of this.statements.counts.all(JSON.stringify(slugs))) {
      counts.set(row.slug, { comments: row.comments, participants: row.participants });
    }
    return counts;
  }

  async like(commentId: string, readerId: string, addressHash: string | null = null): Promise<number | undefined> {
    if (!isCommentId(commentId)) return undefined;
    try {
      return unavailableWhenBusy(() => this.likeTx.immediate(Number(commentId), readerId, addressHash, Date.now()));
    } finally {
      this.cache.ownWrites++;
    }
  }

  async unlike(commentId: string, readerId: string): Promise<number | undefined> {
    if (!isCommentId(commentId)) return undefined;
    try {
      return unavailableWhenBusy(() => this.unlikeTx.immediate(Number(commentId), readerId, null, Date.now()));
    } finally {
      this.cache.ownWrites++;
    }
  }

  async listByStatus(status: CommentStatus, limit: number): Promise<StoredComment[]> {
    return this.statements.byStatus.all(status, limit).map(toComment);
  }

  async setStatus(id: string, status: CommentStatus): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    this.cache.ownWrites++;
    return unavailableWhenBusy(() =>
      this.db
        .transaction(() => {
          if (this.statements.setStatus.run(status, Number(id)).changes === 0) return undefined;
          return toComment(this.statements.getById.get(Number(id))!);
        })
        .immediate(),
    );
  }

  async deleteComment(id: string): Promise<boolean> {
    if (!isCommentId(id)) return false;
    this.cache.ownWrites++;
    return unavailableWhenBusy(() => this.db.transaction(() => this.statements.delete.run(Number(id)).changes > 0).immediate());
  }

  async hitRateLimit(checks: readonly RateCheck[], now: number): Promise<RateDecision> {
    if (longestCheckWindow(checks) === 0) return { allowed: true };
    const sweep = now - this.lastRateSweep >= RATE_SWEEP_INTERVAL_MS;
    if (sweep) this.lastRateSweep = now;
    return unavailableWhenBusy(() => this.rateTx.immediate(checks, now, sweep));
  }

  async clearAddressHashes(before: Date): Promise<number> {
    return unavailableWhenBusy(() =>
      this.db
        .transaction(() => this.statements.clearCommentAddresses.run(before.getTime()).changes + this.statements.clearLikeAddresses.run(before.getTime()).changes)
        .immediate(),
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
