import type { Transaction } from "kysely";
import { activeChecks, decideRate, longestCheckWindow, type RateCheck, type RateDecision } from "../identity/rate-limiter";
import { assembleThreads, threadParentId, toComment, type CommentRow, type PreviewReplyRow } from "./comment-rows";
import {
  CommentDuplicateError,
  CommentParentError,
  CommentRateLimitedError,
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
  type RateLimitTake,
  type ReplyPage,
  type StoredComment,
} from "./comment-store";
import { commentQueries } from "./comment-queries";
import { GroupCommit } from "./group-commit";
import { migrateToLatest } from "./migrations/migrate";
import type { CommentsDatabase } from "./schema";
import type { StoreDialect } from "./store-dialect";


/** How often a store sweeps expired rate-limit events of every key. */
const RATE_SWEEP_INTERVAL_MS = 60_000;
/** Deadlocks and serialization failures are retried this many times. */
const MAX_ATTEMPTS = 3;
/** Most writes in one commit: a burst of 50 posts goes in one or two. */
const MAX_GROUP = 64;

/**
 * A write refused for its own reasons after its rate-limit events were
 * recorded, returned from the transaction's work so the group commit keeps
 * the events; the store method then throws the refusal.
 */
class KeptEventsRefusal {
  constructor(readonly error: unknown) {}
}

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
  private readonly writes: GroupCommit;

  constructor(private readonly dialect: StoreDialect) {
    this.queries = commentQueries(dialect.db, dialect);
    this.writes = new GroupCommit(dialect.db, { maxGroup: MAX_GROUP, maxAttempts: MAX_ATTEMPTS, isRetryable: (error) => dialect.isRetryable(error) });
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

  /**
   * Runs `work` as one write, committed with the writes that queue beside it
   * (group-commit.ts: one transaction, a savepoint each); resolves only once
   * committed. Deadlocks and serialization failures are retried.
   */
  private async transaction<T>(work: (trx: Transaction<CommentsDatabase>) => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await this.writes.run(work);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  async createComment(input: NewComment, options: CreateOptions = {}): Promise<StoredComment> {
    const { time, lockNames } = this.dialect;
    const q = this.queries;
    const write = async (trx: Transaction<CommentsDatabase>) => {
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
        }),
      );
      return toComment(rows[0] as CommentRow);
    };
    const refusal = (error: unknown) =>
      // The parent was deleted between the check and the insert.
      this.dialect.isForeignKeyViolation(error) ? new CommentParentError(`no published comment ${input.parentId} in ${input.slug}`) : error;
    // Each is thrown by a check before the insert, so nothing of the comment is written yet.
    const isRefusal = (error: unknown) => error instanceof CommentDuplicateError || error instanceof CommentThreadFullError || error instanceof CommentParentError;
    const result = await this.transaction((trx) => this.limited(trx, options.rateLimit, write, isRefusal)).catch((error: unknown) => {
      throw refusal(error);
    });
    if (result instanceof KeptEventsRefusal) throw refusal(result.error);
    return result;
  }

  /**
   * Takes the rate limits, then runs the write, in one transaction. A write
   * refused for its own reasons (`isRefusal`: checks that throw before the
   * write changes anything) keeps the limits' events (a refused duplicate
   * still counts) and is returned as a KeptEventsRefusal; anything else throws,
   * and the group commit rolls the whole unit back.
   */
  private async limited<T>(
    trx: Transaction<CommentsDatabase>,
    rateLimit: RateLimitTake | undefined,
    write: (trx: Transaction<CommentsDatabase>) => Promise<T>,
    isRefusal: (error: unknown) => boolean,
  ): Promise<T | KeptEventsRefusal> {
    const checks = rateLimit ? activeChecks(rateLimit.checks) : [];
    if (checks.length === 0) return write(trx);
    const decision = await this.takeRate(trx, checks, rateLimit!.now);
    if (!decision.allowed) throw new CommentRateLimitedError(decision.retryAfterSeconds);
    try {
      return await write(trx);
    } catch (error) {
      // Returned, not thrown: thrown, the group commit would roll the events back with it.
      if (isRefusal(error)) return new KeptEventsRefusal(error);
      throw error;
    }
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

  async like(commentId: string, readerId: string, addressHash: string | null = null, options: { rateLimit?: RateLimitTake } = {}): Promise<number | undefined> {
    return this.changeLike(commentId, readerId, addressHash, 1, options.rateLimit);
  }

  async unlike(commentId: string, readerId: string, options: { rateLimit?: RateLimitTake } = {}): Promise<number | undefined> {
    return this.changeLike(commentId, readerId, null, -1, options.rateLimit);
  }

  private async changeLike(commentId: string, readerId: string, addressHash: string | null, delta: 1 | -1, rateLimit?: RateLimitTake): Promise<number | undefined> {
    const q = this.queries;
    const id = isCommentId(commentId) ? Number(commentId) : undefined;
    // An id that cannot exist still counts against the limits, as before (a flood of bogus ids is a flood).
    if (id === undefined && !rateLimit) return undefined;
    const result = await this.transaction((trx) => this.limited(trx, rateLimit, async (trx) => {
      if (id === undefined) return undefined;
      const before = (await trx.executeQuery(q.likesForUpdate({ id }))).rows[0];
      if (!before || before.status !== "published") return undefined;
      const changed =
        delta === 1
          ? await trx.executeQuery(q.addLike({ id, readerId, at: this.dialect.time(new Date()), addressHash }))
          : await trx.executeQuery(q.removeLike({ id, readerId }));
      if (!changed.numAffectedRows) return before.likes;
      return (await trx.executeQuery(q.bumpLikes({ id, delta }))).rows[0]!.likes;
    }, () => false));
    if (result instanceof KeptEventsRefusal) throw result.error;
    return result;
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
    if (longestCheckWindow(checks) === 0) return { allowed: true };
    return this.transaction((trx) => this.takeRate(trx, checks, now));
  }

  /** The rate-limit step inside a write transaction: decide, and record the events when allowed. */
  private async takeRate(trx: Transaction<CommentsDatabase>, checks: readonly RateCheck[], now: number): Promise<RateDecision> {
    const window = longestCheckWindow(checks);
    if (window === 0) return { allowed: true };
    const keys = [...new Set(checks.map((check) => check.key))];
    const rulesOf = new Map(checks.map((check) => [check.key, check.rules]));
    const sweep = now - this.lastRateSweep >= RATE_SWEEP_INTERVAL_MS;
    if (sweep) this.lastRateSweep = now;
    const q = this.queries;
    // The keys' events are read and written under their locks, so instances take turns per reader.
    await this.dialect.lockNames(
      trx,
      keys.map((key) => `rate:${key}`),
    );
    // Expired events go in the periodic sweep; the read below skips them anyway (one statement fewer per write).
    if (sweep) await trx.executeQuery(q.sweepRateEvents({ now }));
    const { rows } = await trx.executeQuery(q.rateEvents({ keys, after: now - window }));
    const times = new Map<string, number[]>(keys.map((key) => [key, []]));
    for (const row of rows) times.get(row.key)?.push(Number(row.at));
    const decision = decideRate(times, (key) => rulesOf.get(key) ?? [], now);
    if (decision.allowed) await trx.executeQuery(q.addRateEvents({ keys, at: now, expiresAt: now + window }));
    return decision;
  }

  async clearAddressHashes(before: Date): Promise<number> {
    const cutoff = this.dialect.time(before);
    return this.transaction(async (trx) => {
      const comments = await trx.executeQuery(this.queries.clearCommentAddresses({ before: cutoff }));
      const likes = await trx.executeQuery(this.queries.clearLikeAddresses({ before: cutoff }));
      return Number((comments.numAffectedRows ?? 0n) + (likes.numAffectedRows ?? 0n));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.migrated?.catch(() => {});
    await this.dialect.db.destroy();
  }
}
