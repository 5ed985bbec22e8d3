import type { Transaction } from "kysely";
import { decideRate, longestCheckWindow, type RateCheck, type RateDecision } from "../identity/rate-limiter";
import { assembleThreads, threadParentId, toComment, type CommentRow, type PreviewReplyRow } from "./comment-rows";
import {
  CommentDuplicateError,
  CommentParentError,
  CommentStoreUnavailableError,
  CommentThreadFullError,
  isCommentId,
  REPLY_PREVIEW,
  type CommentCounts,
  type CommentListQuery,
  type CommentStatus,
  type CommentStore,
  type CommentThread,
  type CreateOptions,
  type NewComment,
  type ReplyPage,
  type StoredComment,
} from "./comment-store";
import { commentQueries } from "./comment-queries";
import { KyselyModerationStore } from "./kysely-moderation-store";
import type { AuditEntry, Ban, ModerationAction, ModerationResult, Moderator, ModeratorCredentials, ModeratorSession, QueuePage, QueueQuery } from "./moderation-store";
import { migrateToLatest } from "./migrations/migrate";
import type { CommentsDatabase } from "./schema";
import type { StoreDialect } from "./store-dialect";


/** How often a store sweeps expired rate-limit events of every key. */
const RATE_SWEEP_INTERVAL_MS = 60_000;
/** Deadlocks and serialization failures are retried this many times. */
const MAX_ATTEMPTS = 3;

/**
 * The comment store, once, for SQLite and PostgreSQL: what differs between
 * them is in the StoreDialect. Every write that reads before it writes is one
 * transaction (BEGIN IMMEDIATE on SQLite; row and advisory locks on
 * PostgreSQL). The schema is brought up to date on first use (again on the
 * next call if the database was unreachable).
 */
export class KyselyCommentStore implements CommentStore {
  private migrated: Promise<void> | undefined;
  private closed = false;
  private lastRateSweep = 0;

  private readonly queries;
  private readonly moderation: KyselyModerationStore;

  constructor(private readonly dialect: StoreDialect) {
    this.queries = commentQueries(dialect.db, dialect);
    this.moderation = new KyselyModerationStore({ dialect, query: (work) => this.query(work), transaction: (work) => this.transaction(work) });
  }

  /** Brings the schema up to date, once per store. */
  ready(): Promise<void> {
    this.migrated ??= migrateToLatest(this.dialect).catch((error: unknown) => {
      this.migrated = undefined;
      throw this.unavailable(error);
    });
    return this.migrated;
  }

  private unavailable(error: unknown): unknown {
    if (error instanceof CommentStoreUnavailableError || !this.dialect.isUnavailable(error)) return error;
    return new CommentStoreUnavailableError(`the comments database is unavailable: ${(error as Error).message}`, { cause: error });
  }

  /** One statement, outside a transaction. */
  private async query<T>(work: (db: StoreDialect["db"]) => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await work(this.dialect.db);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** Runs `work` in one write transaction; deadlocks and serialization failures are retried. */
  private async transaction<T>(work: (trx: Transaction<CommentsDatabase>) => Promise<T>): Promise<T> {
    await this.ready();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dialect.db.transaction().execute(work);
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && this.dialect.isRetryable(error)) continue;
        throw this.unavailable(error);
      }
    }
  }

  async createComment(input: NewComment, options: CreateOptions = {}): Promise<StoredComment> {
    const { time, lockNames } = this.dialect;
    const q = this.queries;
    return this.transaction(async (trx) => {
      const since = options.rejectDuplicatesSince;
      if (since !== undefined) {
        // Concurrent posts by one reader (on any instance) take turns, so a double submit cannot slip through.
        await lockNames(trx, input.ipHash === null ? [`dup:r:${input.readerId}`] : [`dup:r:${input.readerId}`, `dup:ip:${input.ipHash}`]);
        const same = { since: time(since), text: input.text, readerId: input.readerId };
        const duplicate = await trx.executeQuery(input.ipHash === null ? q.duplicateByReader(same) : q.duplicateByReaderOrAddress({ ...same, ipHash: input.ipHash }));
        if (duplicate.rows.length > 0) throw new CommentDuplicateError("the same text was posted recently");
      }
      let parent: CommentRow | undefined;
      if (input.parentId !== null && isCommentId(input.parentId)) {
        // Share lock: the parent cannot be deleted or hidden until this reply is in. Under a reply
        // cap, update lock: replies to one thread take turns (a shared lock upgraded later would deadlock).
        const lookup = options.maxRepliesPerThread !== undefined ? q.parentForUpdate : q.parentForShare;
        parent = (await trx.executeQuery(lookup({ id: Number(input.parentId) }))).rows[0] as CommentRow | undefined;
      }
      const parentId = threadParentId(input, parent);
      if (parentId !== null && options.maxRepliesPerThread !== undefined) {
        // A reply to a reply counts against its thread: lock the top-level row too.
        if (parentId !== input.parentId && this.dialect.rowLocks) await trx.executeQuery(q.lockThread({ id: Number(parentId) }));
        const { rows } = await trx.executeQuery(q.threadSize({ parentId: Number(parentId) }));
        if (Number(rows[0]!.n) >= options.maxRepliesPerThread) throw new CommentThreadFullError(`thread ${parentId} is full`);
      }
      const { rows } = await trx.executeQuery(
        q.insert({
          slug: input.slug,
          parentId: parentId === null ? null : Number(parentId),
          nickname: input.nickname,
          text: input.text,
          readerId: input.readerId,
          ipHash: input.ipHash,
          status: input.status,
          createdAt: time(input.createdAt),
          official: input.official ? 1 : 0,
        }),
      );
      const created = toComment(rows[0] as CommentRow);
      if (options.audit) {
        await trx
          .insertInto("audit_log")
          .values({ at: time(input.createdAt), moderator: options.audit.moderator, action: options.audit.action, comment_id: Number(created.id), slug: created.slug, status_before: null, status_after: created.status, detail: null })
          .execute();
      }
      return created;
    }).catch((error: unknown) => {
      // The parent was deleted between the check and the insert.
      if (this.dialect.isForeignKeyViolation(error)) throw new CommentParentError(`no published comment ${input.parentId} in ${input.slug}`);
      throw error;
    });
  }

  async getComment(id: string): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    const { rows } = await this.query((db) => db.executeQuery(this.queries.byId({ id: Number(id) })));
    return rows[0] ? toComment(rows[0] as CommentRow) : undefined;
  }

  /**
   * One statement (one round trip, one snapshot): the page through its partial
   * index, then the first replies of exactly those comments through
   * comments_replies (no query per comment).
   */
  async listComments({ slug, sort, offset, limit, replyPreview = REPLY_PREVIEW }: CommentListQuery): Promise<{ threads: CommentThread[]; hasMore: boolean }> {
    const page = sort === "hot" ? this.queries.pageHot : this.queries.pageNew;
    const { rows } = await this.query((db) => db.executeQuery(page({ slug, limit, limitPlusOne: limit + 1, offset, replyPreview })));
    const all = rows as (PreviewReplyRow & { pos: number | string | null })[];
    const top = all.filter((row) => row.pos !== null);
    const replies = all.filter((row) => row.pos === null);
    return { threads: assembleThreads(top.slice(0, limit), replies), hasMore: top.length > limit };
  }

  async listReplies(parentId: string, offset: number, limit: number): Promise<ReplyPage | undefined> {
    if (!isCommentId(parentId)) return undefined;
    const { rows } = await this.query((db) => db.executeQuery(this.queries.replies({ id: Number(parentId), limitPlusOne: limit + 1, offset })));
    const all = rows as (CommentRow & { kind: "parent" | "reply"; total: number | string })[];
    const parent = all.find((row) => row.kind === "parent");
    if (!parent) return undefined;
    const replies = all.filter((row) => row.kind === "reply");
    return { replies: replies.slice(0, limit).map(toComment), total: Number(parent.total), hasMore: replies.length > limit };
  }

  async countComments(slugs: readonly string[]): Promise<Map<string, CommentCounts>> {
    const counts = new Map<string, CommentCounts>(slugs.map((slug) => [slug, { comments: 0, participants: 0 }]));
    if (slugs.length === 0) return counts;
    const { rows } = await this.query((db) => db.executeQuery(this.queries.counts({ slugs })));
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
    const id = Number(commentId);
    const q = this.queries;
    return this.transaction(async (trx) => {
      const before = (await trx.executeQuery(q.likesForUpdate({ id }))).rows[0];
      if (!before || before.status !== "published") return undefined;
      const changed =
        delta === 1
          ? await trx.executeQuery(q.addLike({ id, readerId, at: this.dialect.time(new Date()), addressHash }))
          : await trx.executeQuery(q.removeLike({ id, readerId }));
      if (!changed.numAffectedRows) return before.likes;
      return (await trx.executeQuery(q.bumpLikes({ id, delta }))).rows[0]!.likes;
    });
  }

  async listByStatus(status: CommentStatus, limit: number): Promise<StoredComment[]> {
    const { rows } = await this.query((db) => db.executeQuery(this.queries.byStatus({ status, limit })));
    return (rows as CommentRow[]).map(toComment);
  }

  async setStatus(id: string, status: CommentStatus): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    const { rows } = await this.query((db) => db.executeQuery(this.queries.setStatus({ id: Number(id), status })));
    return rows[0] ? toComment(rows[0] as CommentRow) : undefined;
  }

  async deleteComment(id: string): Promise<boolean> {
    if (!isCommentId(id)) return false;
    const { numAffectedRows } = await this.query((db) => db.executeQuery(this.queries.delete({ id: Number(id) })));
    return (numAffectedRows ?? 0n) > 0n;
  }

  async hitRateLimit(checks: readonly RateCheck[], now: number): Promise<RateDecision> {
    const window = longestCheckWindow(checks);
    if (window === 0) return { allowed: true };
    const keys = [...new Set(checks.map((check) => check.key))];
    const rulesOf = new Map(checks.map((check) => [check.key, check.rules]));
    const sweep = now - this.lastRateSweep >= RATE_SWEEP_INTERVAL_MS;
    if (sweep) this.lastRateSweep = now;
    const q = this.queries;
    return this.transaction(async (trx) => {
      // The keys' events are read and written under their locks, so instances take turns per reader.
      await this.dialect.lockNames(
        trx,
        keys.map((key) => `rate:${key}`),
      );
      await trx.executeQuery(q.dropOldRateEvents({ keys, before: now - window }));
      if (sweep) await trx.executeQuery(q.sweepRateEvents({ now }));
      const { rows } = await trx.executeQuery(q.rateEvents({ keys, after: now - window }));
      const times = new Map<string, number[]>(keys.map((key) => [key, []]));
      for (const row of rows) times.get(row.key)?.push(Number(row.at));
      const decision = decideRate(times, (key) => rulesOf.get(key) ?? [], now);
      if (decision.allowed) await trx.executeQuery(q.addRateEvents({ keys, at: now, expiresAt: now + window }));
      return decision;
    });
  }

  async clearAddressHashes(before: Date): Promise<number> {
    const cutoff = this.dialect.time(before);
    return this.transaction(async (trx) => {
      const comments = await trx.executeQuery(this.queries.clearCommentAddresses({ before: cutoff }));
      const likes = await trx.executeQuery(this.queries.clearLikeAddresses({ before: cutoff }));
      return Number((comments.numAffectedRows ?? 0n) + (likes.numAffectedRows ?? 0n));
    });
  }

  // Moderation (moderation-store.ts), over the same connection and transactions.
  countModerators(): Promise<number> {
    return this.moderation.countModerators();
  }
  createModerator(name: string, passwordHash: string, now: Date): Promise<Moderator> {
    return this.moderation.createModerator(name, passwordHash, now);
  }
  findModerator(name: string): Promise<ModeratorCredentials | undefined> {
    return this.moderation.findModerator(name);
  }
  createSession(idHash: string, moderatorId: string, now: Date, expiresAt: Date): Promise<void> {
    return this.moderation.createSession(idHash, moderatorId, now, expiresAt);
  }
  findSession(idHash: string, now: Date): Promise<ModeratorSession | undefined> {
    return this.moderation.findSession(idHash, now);
  }
  deleteSession(idHash: string): Promise<void> {
    return this.moderation.deleteSession(idHash);
  }
  listQueue(query: QueueQuery): Promise<QueuePage> {
    return this.moderation.listQueue(query);
  }
  moderate(ids: readonly string[], action: ModerationAction, moderator: string, now: Date): Promise<ModerationResult[]> {
    return this.moderation.moderate(ids, action, moderator, now);
  }
  recordAudit(entry: Omit<AuditEntry, "id">): Promise<void> {
    return this.moderation.recordAudit(entry);
  }
  listAudit(offset: number, limit: number): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    return this.moderation.listAudit(offset, limit);
  }
  banAuthor(commentId: string, until: Date | null, moderator: string, now: Date): Promise<{ ban: Ban; hidden: number } | undefined> {
    return this.moderation.banAuthor(commentId, until, moderator, now);
  }
  listBans(now: Date): Promise<Ban[]> {
    return this.moderation.listBans(now);
  }
  liftBan(banId: string, moderator: string, now: Date): Promise<boolean> {
    return this.moderation.liftBan(banId, moderator, now);
  }
  isBanned(readerId: string, ipHash: string | null, now: Date): Promise<boolean> {
    return this.moderation.isBanned(readerId, ipHash, now);
  }
  setReportClosed(slug: string, closed: boolean, moderator: string, now: Date): Promise<void> {
    return this.moderation.setReportClosed(slug, closed, moderator, now);
  }
  isReportClosed(slug: string): Promise<boolean> {
    return this.moderation.isReportClosed(slug);
  }
  listClosedReports(): Promise<string[]> {
    return this.moderation.listClosedReports();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.migrated?.catch(() => {});
    await this.dialect.db.destroy();
  }
}
