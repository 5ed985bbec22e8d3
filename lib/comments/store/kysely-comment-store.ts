import { sql, type CompiledQuery, type QueryResult, type Transaction } from "kysely";
import { activeChecks, longestCheckWindow, rowKey, type CountedRows, type RateCheck, type RateDecision } from "../identity/rate-limiter";
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
  type AlertClaim,
  type AlertEvent,
  type ImportResult,
  type NewReport,
  type ReportedComment,
  type ReportOutcome,
  type ReportReason,
  type TransferComment,
  type NewComment,
  type RateLimitTake,
  type ReplyPage,
  type StoredComment,
} from "./comment-store";
import { COLUMNS, commentQueries } from "./comment-queries";
import { GroupCommit, type Plan, type PlannedWrite, type WriteOptions } from "./group-commit";
import { GroupRates, groupRateRead, type RateEventRow, type RateStep, type RateTake } from "./group-rates";
import { keepDeletedPostsCounted } from "./deleted-post-counts";
import { KyselyModerationStore } from "./kysely-moderation-store";
import type { AuditEntry, Ban, BanKeys, ModerationAction, ModerationResult, Moderator, ModeratorCredentials, ModeratorSession, QueuePage, QueueQuery } from "./moderation-store";
import { migrateToLatest } from "./migrations/migrate";
import type { CommentsDatabase } from "./schema";
import type { StoreDialect } from "./store-dialect";
import type { WordRule } from "../word-rules/word-rule";


/** How often a store sweeps expired rate-limit events of every key. */
const RATE_SWEEP_INTERVAL_MS = 60_000;
/** Deadlocks and serialization failures are retried this many times. */
const MAX_ATTEMPTS = 3;
/** Most writes in one commit: a burst of 50 posts goes in one or two. */
const MAX_GROUP = 64;

/**
 * A write's rate-limit step as the group commit takes it: the named locks it
 * needs (one per key of its active checks; for a check counting rows, its row
 * key, which every writer of what it counts names) and the step.
 */
function rateOptions(rateLimit: RateLimitTake | undefined): Pick<WriteOptions, "locks" | "rate"> {
  const checks = rateLimit ? activeChecks(rateLimit.checks) : [];
  if (longestCheckWindow(checks) === 0) return {};
  return { locks: checks.map((check) => (check.rows ? rowLock(check.rows) : `rate:${check.key}`)), rate: { checks, now: rateLimit!.now } };
}

/** The named lock of the comments one reader, address or report wrote: their post limits and duplicate check take turns under it. */
function rowLock(rows: CountedRows): string {
  return `rate:${rowKey(rows)}`;
}

/** Takes a write's limits in its group, or throws the refusal (429). */
function allowedStep(rates: GroupRates, rate: RateTake): RateStep {
  const step = rates.take(rate);
  if (!step.decision.allowed) throw new CommentRateLimitedError(step.decision.retryAfterSeconds);
  return step;
}

/**
 * Runs an allowed write: one refused for its own reasons keeps the limits'
 * events (returned as a KeptEventsRefusal); anything else takes them back and
 * throws; one that went in writes no event for the rows it stored.
 */
async function afterStep<T>(step: RateStep, write: () => Promise<T>, isRefusal: (error: unknown) => boolean, rowCovers: (rows: CountedRows) => boolean): Promise<T | KeptEventsRefusal> {
  try {
    const result = await write();
    step.stored(rowCovers);
    return result;
  } catch (error) {
    // Returned, not thrown: thrown, the write is rolled back, and its events with it.
    if (isRefusal(error)) return new KeptEventsRefusal(error);
    step.undo();
    throw error;
  }
}

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
  private readonly writes: GroupCommit<GroupRates>;
  private readonly moderation: KyselyModerationStore;

  constructor(private readonly dialect: StoreDialect) {
    this.queries = commentQueries(dialect.db, dialect);
    this.writes = new GroupCommit(dialect.db, {
      maxGroup: MAX_GROUP,
      lanes: dialect.writeLanes,
      locks: (names) => dialect.groupLocks(names),
      inOneFlight: (trx, statements, options) => dialect.inOneFlight(trx, statements, options),
      flightCommits: dialect.flightCommits,
      committed: () => dialect.announceChanges(),
      maxAttempts: MAX_ATTEMPTS,
      isRetryable: (error) => dialect.isRetryable(error),
      hooks: {
        reads: (writes) => this.rateReads(writes),
        open: (answers) => new GroupRates(answers.at(-1)?.rows as { key: string; at: number | string }[] | undefined ?? []),
        close: (trx, rates) => this.recordRates(trx, rates),
        // Events recorded so far may all be dropped by the answers, but not surely (a refused duplicate keeps its own,
        // unless its own statement writes them: RateStep.handOver).
        quiet: (rates) => rates.events.length === 0,
      },
      durable: () => dialect.durable(),
    });
    this.moderation = new KyselyModerationStore({
      dialect,
      query: (work) => this.query(work),
      transaction: (work) => this.transaction(work),
      keepDeletedCounted: (trx, ids, now) => keepDeletedPostsCounted(trx, this.queries, dialect, ids, now),
    });
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

  /** One statement, outside a transaction; if it wrote, answered once on disk. */
  private async query<T>(work: (db: StoreDialect["db"]) => Promise<T>): Promise<T> {
    await this.ready();
    try {
      const writes = this.dialect.writes();
      const result = await work(this.dialect.db);
      // Reads need not wait for a sync some write of the group commit started.
      if (this.dialect.writes() !== writes) await this.dialect.durable();
      return result;
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /**
   * Runs `work` as one write, committed with the writes that queue beside it
   * (group-commit.ts: one transaction, a savepoint each); resolves only once
   * committed. Deadlocks and serialization failures are retried. `options`:
   * the named locks it needs, and how it may join a group (group-commit.ts).
   */
  private async transaction<T>(work: (trx: Transaction<CommentsDatabase>, rates: GroupRates) => Promise<T>, options?: WriteOptions): Promise<T> {
    await this.ready();
    try {
      return await this.writes.run(work, options);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** `transaction` for a planned write (group-commit.ts `runPlanned`). */
  private async plannedTransaction<T>(plan: Plan<T, GroupRates>, options: WriteOptions): Promise<T> {
    await this.ready();
    try {
      return await this.writes.runPlanned(plan, options);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  async createComment(input: NewComment, options: CreateOptions = {}): Promise<StoredComment> {
    const { time } = this.dialect;
    const q = this.queries;
    const since = options.rejectDuplicatesSince;
    // Concurrent posts by one reader (on any instance) take turns (the locks are taken for the whole group), so a double submit cannot slip through.
    // The very names the post limits lock by (rateOptions): a post with both takes each lock once.
    const duplicateLocks =
      since === undefined
        ? []
        : [rowLock({ column: "reader_id", value: input.readerId }), ...(input.ipHash === null ? [] : [rowLock({ column: "ip_hash", value: input.ipHash })])];
    // With a duplicate window, the check and the insert are one statement: no row back means the same text is there.
    const values = (parentId: string | null) => ({
      slug: input.slug,
      parentId: parentId === null ? null : Number(parentId),
      nickname: input.nickname,
      text: input.text,
      readerId: input.readerId,
      ipHash: input.ipHash,
      status: input.status,
      createdAt: time(input.createdAt),
      official: input.official ? 1 : 0,
    });
    const insertStatement = (parentId: string | null) => (since === undefined ? q.insert(values(parentId)) : q.insertUnlessDuplicate({ ...values(parentId), since: time(since) }));
    /**
     * The top-level insert that also writes the post's rate events should it store no row
     * (RateStep.handOver): a plain insert stores its row whenever it succeeds, so it needs none.
     * Only where a flight may carry the COMMIT (PostgreSQL), which this lets a limited group do.
     */
    const keepingStatement = !this.dialect.flightCommits
      ? undefined
      : (kept: readonly RateEventRow[]) =>
          since === undefined || kept.length === 0
            ? insertStatement(null)
            : q.insertUnlessDuplicateKeeping({ ...values(null), since: time(since), kept: kept.flatMap((event) => [event.key, event.at, event.expiresAt]) });
    const inserted = async (trx: Transaction<CommentsDatabase>, { rows }: QueryResult<unknown>) => {
      if (rows.length === 0) throw new CommentDuplicateError("the same text was posted recently");
      const created = toComment(rows[0] as CommentRow);
      if (options.alertWhenPending && created.status === "pending") {
        await trx.insertInto("alert_events").values({ kind: "pending", comment_id: Number(created.id), slug: created.slug, created_at: input.createdAt.getTime() }).execute();
      }
      if (options.audit) {
        await trx
          .insertInto("audit_log")
          .values({ at: time(input.createdAt), moderator: options.audit.moderator, action: options.audit.action, comment_id: Number(created.id), slug: created.slug, status_before: null, status_after: created.status, detail: null })
          .execute();
      }
      return created;
    };
    const reply = async (trx: Transaction<CommentsDatabase>) => {
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
      return inserted(trx, await trx.executeQuery(insertStatement(parentId)));
    };
    // Nothing after the insert but the answer, whatever it is: its group's flight may carry the COMMIT.
    const final = !(options.alertWhenPending && input.status === "pending") && !options.audit;
    const refusal = (error: unknown) =>
      // The parent was deleted between the check and the insert.
      this.dialect.isForeignKeyViolation(error) ? new CommentParentError(`no published comment ${input.parentId} in ${input.slug}`) : error;
    // Each is thrown by a check before the insert, so nothing of the comment is written yet.
    const isRefusal = (error: unknown) => error instanceof CommentDuplicateError || error instanceof CommentThreadFullError || error instanceof CommentParentError;
    const rate = rateOptions(options.rateLimit);
    // The stored row counts as the post's event for the checks that count it (not for an official reply: those never count).
    const rowCovers = (rows: CountedRows) =>
      !input.official && rows.value === (rows.column === "reader_id" ? input.readerId : rows.column === "ip_hash" ? input.ipHash : input.slug);
    const writeOptions: WriteOptions = {
      locks: [...duplicateLocks, ...(rate.locks ?? [])],
      ...(rate.rate ? { rate: rate.rate } : {}),
      // Every refusal is thrown before anything of the post is written (a refusal after the rate events were written is returned instead).
      cleanRefusal: (error) => error instanceof CommentRateLimitedError || isRefusal(error),
      // A new top-level comment locks no rows (a reply locks its parent): it may commit beside other groups.
      anyLane: input.parentId === null,
    };
    // A top-level comment reads nothing before its insert: its insert goes in one flight with its group's (group-commit.ts).
    const written =
      input.parentId === null
        ? this.plannedTransaction((rates) => this.limitedPlan(rates, rate.rate, { statement: insertStatement(null), finish: inserted, final }, isRefusal, rowCovers, keepingStatement), writeOptions)
        : this.transaction((trx, rates) => this.limited(trx, rates, rate.rate, reply, isRefusal, rowCovers), writeOptions);
    const result = await written.catch((error: unknown) => {
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
   * and the group commit rolls the whole unit back. A write that went in
   * writes no event for the checks whose rows it stored (`rowCovers`).
   */
  private async limited<T>(
    trx: Transaction<CommentsDatabase>,
    rates: GroupRates,
    rate: RateTake | undefined,
    write: (trx: Transaction<CommentsDatabase>) => Promise<T>,
    isRefusal: (error: unknown) => boolean,
    rowCovers: (rows: CountedRows) => boolean = () => false,
  ): Promise<T | KeptEventsRefusal> {
    if (!rate) return write(trx);
    return afterStep(allowedStep(rates, rate), () => write(trx), isRefusal, rowCovers);
  }

  /**
   * `limited` for a planned write: the limits are taken when it is planned, in its group's order; the rest once its
   * statement is answered. `keeping`: a statement for the write that itself writes the step's events when it stores
   * no row, used when the step can hand them over (RateStep.handOver).
   */
  private limitedPlan<T>(
    rates: GroupRates,
    rate: RateTake | undefined,
    write: PlannedWrite<T>,
    isRefusal: (error: unknown) => boolean,
    rowCovers: (rows: CountedRows) => boolean,
    keeping?: (kept: readonly RateEventRow[]) => CompiledQuery,
  ): PlannedWrite<T | KeptEventsRefusal> {
    if (!rate) return write;
    const step = allowedStep(rates, rate);
    const kept = keeping && step.handOver(rowCovers);
    // The step's events left are written by the group's close, not by finish: `final` stays as it is.
    return { ...write, ...(kept ? { statement: keeping!(kept) } : {}), finish: (trx, answer) => afterStep(step, () => write.finish(trx, answer), isRefusal, rowCovers) };
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

  async threadSummary(slug: string): Promise<CommentCounts & { closed: boolean }> {
    const { rows } = await this.query((db) => db.executeQuery(this.queries.summary({ slug })));
    const row = rows[0]!;
    // PostgreSQL answers EXISTS with a boolean, SQLite with 0 or 1.
    return { comments: Number(row.comments), participants: Number(row.participants), closed: Boolean(Number(row.closed)) };
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
    const rate = rateOptions(rateLimit);
    const result = await this.transaction((trx, rates) => this.limited(trx, rates, rate.rate, async (trx) => {
      if (id === undefined) return undefined;
      const before = (await trx.executeQuery(q.likesForUpdate({ id }))).rows[0];
      if (!before || before.status !== "published") return undefined;
      const changed =
        delta === 1
          ? await trx.executeQuery(q.addLike({ id, readerId, at: this.dialect.time(new Date()), addressHash }))
          : await trx.executeQuery(q.removeLike({ id, readerId }));
      if (!changed.numAffectedRows) return before.likes;
      return (await trx.executeQuery(q.bumpLikes({ id, delta }))).rows[0]!.likes;
    }, () => false), { ...rate, cleanRefusal: (error) => error instanceof CommentRateLimitedError });
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
    return this.transaction(async (trx) => {
      await keepDeletedPostsCounted(trx, this.queries, this.dialect, [Number(id)], new Date());
      const { numAffectedRows } = await trx.executeQuery(this.queries.delete({ id: Number(id) }));
      return (numAffectedRows ?? 0n) > 0n;
    });
  }

  async hitRateLimit(checks: readonly RateCheck[], now: number): Promise<RateDecision> {
    const rate = rateOptions({ checks, now });
    if (!rate.rate) return { allowed: true };
    const take = rate.rate;
    return this.transaction(async (_trx, rates) => rates.take(take).decision, { ...rate, cleanRefusal: () => false });
  }

  /**
   * A group's rate limits, before its first write: the statement that reads
   * the recent events of every key its writes name and the recent comments
   * its post checks count (group-rates.ts; its answer, the last, makes the
   * group's GroupRates), sent right behind the group's named locks (so
   * instances take turns per key). Expired events go in a periodic sweep,
   * sent before it; the read skips them anyway.
   */
  private rateReads(writes: readonly WriteOptions[]): CompiledQuery[] {
    const takes = writes.flatMap((write) => (write.rate ? [write.rate] : []));
    const read = groupRateRead(takes);
    if (!read) return [];
    const statements: CompiledQuery[] = [];
    const now = Math.max(...takes.map((take) => take.now));
    if (now - this.lastRateSweep >= RATE_SWEEP_INTERVAL_MS) {
      this.lastRateSweep = now;
      statements.push(this.queries.sweepRateEvents({ now }));
    }
    // Each list padded to a power of two with its last value (IN ignores repeats), so a handful of lengths are ever compiled.
    const padded = (list: readonly string[]) => (list.length === 0 ? [] : [...list, ...Array<string>(2 ** Math.ceil(Math.log2(list.length)) - list.length).fill(list.at(-1)!)]);
    const rows = read.rows ?? { reader_id: [], ip_hash: [], slug: [] };
    statements.push(
      this.queries.rateEventsAndRows({
        keys: padded(read.keys),
        readers: padded(rows.reader_id),
        addresses: padded(rows.ip_hash),
        reports: padded(rows.slug),
        after: read.after,
        afterMoment: this.dialect.time(new Date(read.after)),
      }),
    );
    return statements;
  }

  /** The events of the group's allowed writes, in one statement (or a few, for a large group) before COMMIT. */
  private async recordRates(trx: Transaction<CommentsDatabase>, rates: GroupRates): Promise<void> {
    const events = rates.events;
    // In chunks of powers of two (100 rows: 64, 32, 4), so a handful of row counts are ever compiled
    // (prepared-query.ts), and at most 512 rows each (SQLite allows 32,766 bound values per statement).
    for (let i = 0; i < events.length; ) {
      const size = Math.min(512, 2 ** Math.floor(Math.log2(events.length - i)));
      await trx.executeQuery(this.queries.addRateEvents({ flat: events.slice(i, i + size).flatMap((event) => [event.key, event.at, event.expiresAt]) }));
      i += size;
    }
  }

  async clearAddressHashes(before: Date): Promise<number> {
    const cutoff = this.dialect.time(before);
    return this.transaction(async (trx) => {
      const comments = await trx.executeQuery(this.queries.clearCommentAddresses({ before: cutoff }));
      const likes = await trx.executeQuery(this.queries.clearLikeAddresses({ before: cutoff }));
      return Number((comments.numAffectedRows ?? 0n) + (likes.numAffectedRows ?? 0n));
    });
  }

  async wordRulesVersion(): Promise<number> {
    const row = await this.query((db) => db.selectFrom("word_rules_version").select("version").where("id", "=", 1).executeTakeFirst());
    return Number(row?.version ?? 0);
  }

  async listWordRules(): Promise<WordRule[]> {
    return this.query((db) => db.selectFrom("word_rules").select(["word", "action"]).orderBy("word").execute());
  }

  async saveWordRules(rules: readonly WordRule[]): Promise<{ added: number; changed: number }> {
    if (rules.length === 0) return { added: 0, changed: 0 };
    const at = this.dialect.time(new Date());
    return this.transaction(async (trx) => {
      let added = 0;
      let changed = 0;
      const known = new Map<string, string>();
      // In chunks: SQLite allows at most 32,766 bound values per statement.
      for (let i = 0; i < rules.length; i += 500) {
        const words = rules.slice(i, i + 500).map((rule) => rule.word);
        for (const row of await trx.selectFrom("word_rules").select(["word", "action"]).where("word", "in", words).execute()) known.set(row.word, row.action);
      }
      const fresh = rules.filter((rule) => !known.has(rule.word));
      for (let i = 0; i < fresh.length; i += 500) {
        await trx.insertInto("word_rules").values(fresh.slice(i, i + 500).map((rule) => ({ word: rule.word, action: rule.action, created_at: at }))).execute();
      }
      added = fresh.length;
      for (const rule of rules) {
        const before = known.get(rule.word);
        if (before === undefined || before === rule.action) continue;
        await trx.updateTable("word_rules").set({ action: rule.action }).where("word", "=", rule.word).execute();
        changed++;
      }
      if (added + changed > 0) await trx.updateTable("word_rules_version").set({ version: sql<number>`version + 1` }).where("id", "=", 1).execute();
      return { added, changed };
    });
  }

  async removeWordRules(words: readonly string[]): Promise<number> {
    if (words.length === 0) return 0;
    return this.transaction(async (trx) => {
      let removed = 0;
      for (let i = 0; i < words.length; i += 500) {
        const result = await trx.deleteFrom("word_rules").where("word", "in", words.slice(i, i + 500)).executeTakeFirst();
        removed += Number(result.numDeletedRows);
      }
      if (removed > 0) await trx.updateTable("word_rules_version").set({ version: sql<number>`version + 1` }).where("id", "=", 1).execute();
      return removed;
    });
  }

  async reportComment(report: NewReport, hideAt: number, options: { alert?: boolean } = {}): Promise<ReportOutcome | undefined> {
    if (!isCommentId(report.commentId)) return undefined;
    const id = Number(report.commentId);
    return this.transaction(async (trx) => {
      // Reports of one comment take turns (on every instance), so the threshold is crossed once.
      const comment = await this.dialect.lockRows(trx.selectFrom("comments").select(["status", "hidden_by_reports"]).where("id", "=", id), "update").executeTakeFirst();
      if (!comment || comment.status !== "published") return undefined;
      const inserted = await trx
        .insertInto("comment_reports")
        .values({ comment_id: id, reader_id: report.readerId, address_hash: report.addressHash, reason: report.reason, created_at: this.dialect.time(report.createdAt) })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      const accepted = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
      const open = await trx.selectFrom("comment_reports").select((eb) => eb.fn.countAll<number | string>().as("n")).where("comment_id", "=", id).where("dismissed", "=", 0).executeTakeFirstOrThrow();
      const openReports = Number(open.n);
      const hide = accepted && hideAt > 0 && openReports >= hideAt;
      if (accepted && options.alert) {
        const slug = (await trx.selectFrom("comments").select("slug").where("id", "=", id).executeTakeFirstOrThrow()).slug;
        await trx.insertInto("alert_events").values({ kind: "reported", comment_id: id, slug, created_at: report.createdAt.getTime() }).execute();
      }
      if (hide) await trx.updateTable("comments").set({ status: "hidden", hidden_by_reports: 1 }).where("id", "=", id).execute();
      return { accepted, openReports, hiddenByReports: hide };
    });
  }

  async listReportedComments(limit: number, offset = 0): Promise<ReportedComment[]> {
    const rows = await this.query((db) =>
      db
        .selectFrom("comment_reports as r")
        .innerJoin("comments as c", "c.id", "r.comment_id")
        .select(["c.id", "c.slug", "c.parent_id", "c.nickname", "c.text", "c.status", "c.created_at", "c.likes", "c.official", "c.hidden_by_reports", "r.reason"])
        .select((eb) => [eb.fn.countAll<number | string>().as("n"), eb.fn.max("r.created_at").as("last_at")])
        .where("r.dismissed", "=", 0)
        .groupBy(["c.id", "c.slug", "c.parent_id", "c.nickname", "c.text", "c.status", "c.created_at", "c.likes", "c.official", "c.hidden_by_reports", "r.reason"])
        .execute(),
    );
    const byId = new Map<string, ReportedComment>();
    for (const row of rows) {
      const comment = toComment(row as CommentRow);
      const entry = byId.get(comment.id) ?? { comment, openReports: 0, reasons: { spam: 0, abuse: 0, illegal: 0, other: 0 }, hiddenByReports: row.hidden_by_reports === 1 && comment.status === "hidden", lastReportedAt: new Date(0) };
      entry.reasons[row.reason as ReportReason] += Number(row.n);
      entry.openReports += Number(row.n);
      const last = new Date(row.last_at as number | Date);
      if (last > entry.lastReportedAt) entry.lastReportedAt = last;
      byId.set(comment.id, entry);
    }
    return [...byId.values()].sort((a, b) => b.lastReportedAt.getTime() - a.lastReportedAt.getTime() || Number(b.comment.id) - Number(a.comment.id)).slice(offset, offset + limit);
  }

  async dismissReports(commentId: string): Promise<StoredComment | undefined> {
    if (!isCommentId(commentId)) return undefined;
    const id = Number(commentId);
    return this.transaction(async (trx) => {
      await trx.updateTable("comment_reports").set({ dismissed: 1 }).where("comment_id", "=", id).where("dismissed", "=", 0).execute();
      await trx.updateTable("comments").set({ status: "published", hidden_by_reports: 0 }).where("id", "=", id).where("hidden_by_reports", "=", 1).execute();
      const row = await trx.selectFrom("comments").select(COLUMNS).where("id", "=", id).executeTakeFirst();
      return row ? toComment(row as CommentRow) : undefined;
    });
  }

  async recordAlert(kind: AlertEvent["kind"], commentId: string, slug: string, at: Date): Promise<void> {
    await this.query((db) => db.insertInto("alert_events").values({ kind, comment_id: Number(commentId), slug, created_at: at.getTime() }).execute());
  }

  async claimAlerts(channel: string, now: number, intervalMs: number, leaseMs: number, limit: number): Promise<AlertClaim | undefined> {
    const claimed = await this.query(async (db) => {
      await db.insertInto("alert_channels").values({ channel }).onConflict((c) => c.column("channel").doNothing()).execute();
      // The claim: one statement, so two instances cannot both see the channel free and both take it.
      return db
        .updateTable("alert_channels")
        .set({ claimed_until: now + leaseMs })
        .where("channel", "=", channel)
        .where("claimed_until", "<=", now)
        .where("last_sent_at", "<=", now - intervalMs)
        .where("next_attempt_at", "<=", now)
        .where((eb) => eb.exists(eb.selectFrom("alert_events").select("id").whereRef("alert_events.id", ">", "alert_channels.sent_through")))
        .returning(["sent_through", "attempts"])
        .executeTakeFirst();
    });
    if (!claimed) return undefined;
    const rows = await this.query((db) =>
      db.selectFrom("alert_events").select(["id", "kind", "comment_id", "slug", "created_at"]).where("id", ">", Number(claimed.sent_through)).orderBy("id").limit(limit).execute(),
    );
    return {
      attempts: Number(claimed.attempts),
      events: rows.map((row) => ({ id: String(row.id), kind: row.kind, commentId: String(row.comment_id), slug: row.slug, createdAt: new Date(Number(row.created_at)) })),
    };
  }

  async finishAlerts(channel: string, outcome: { sentThrough: string } | { retryAt: number }, now: number): Promise<void> {
    await this.query((db) =>
      "sentThrough" in outcome
        ? db.updateTable("alert_channels").set({ sent_through: Number(outcome.sentThrough), last_sent_at: now, attempts: 0, next_attempt_at: 0, claimed_until: 0 }).where("channel", "=", channel).execute()
        : db
            .updateTable("alert_channels")
            .set({ attempts: sql<number>`attempts + 1`, next_attempt_at: outcome.retryAt, claimed_until: 0 })
            .where("channel", "=", channel)
            .execute(),
    );
  }

  async exportComments(afterId: string, limit: number): Promise<TransferComment[]> {
    const after = isCommentId(afterId) ? Number(afterId) : 0;
    const rows = await this.query((db) => db.selectFrom("comments").select([...COLUMNS, "reader_id"]).where("id", ">", after).orderBy("id").limit(limit).execute());
    return rows.map((row) => {
      const comment = toComment(row as CommentRow);
      return {
        sourceId: comment.id,
        parentSourceId: comment.parentId,
        slug: comment.slug,
        nickname: comment.nickname,
        text: comment.text,
        readerId: row.reader_id,
        status: comment.status,
        createdAt: comment.createdAt,
        likes: comment.likes,
        official: comment.official,
      };
    });
  }

  async importComments(source: string, comments: readonly TransferComment[]): Promise<ImportResult> {
    return this.transaction(async (trx) => {
      const result: ImportResult = { imported: 0, alreadyImported: 0, orphans: [] };
      const mapped = new Map<string, number>();
      const lookup = async (sourceId: string): Promise<number | undefined> => {
        const known = mapped.get(sourceId);
        if (known !== undefined) return known;
        const row = await trx.selectFrom("comment_sources").select("comment_id").where("source", "=", source).where("source_id", "=", sourceId).executeTakeFirst();
        return row ? Number(row.comment_id) : undefined;
      };
      for (const item of comments) {
        if ((await lookup(item.sourceId)) !== undefined) {
          result.alreadyImported++;
          continue;
        }
        let parentId: number | null = null;
        if (item.parentSourceId !== null) {
          const parent = await lookup(item.parentSourceId);
          if (parent === undefined) {
            result.orphans.push(item.sourceId);
            continue;
          }
          parentId = parent;
        }
        const inserted = await trx
          .insertInto("comments")
          .values({
            slug: item.slug,
            parent_id: parentId,
            nickname: item.nickname,
            text: item.text,
            reader_id: item.readerId,
            ip_hash: null,
            status: item.status,
            created_at: this.dialect.time(item.createdAt),
            official: item.official ? 1 : 0,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const id = Number(inserted.id);
        if (item.likes > 0) await trx.updateTable("comments").set({ likes: item.likes }).where("id", "=", id).execute();
        await trx.insertInto("comment_sources").values({ source, source_id: item.sourceId, comment_id: id }).execute();
        mapped.set(item.sourceId, id);
        result.imported++;
      }
      return result;
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

  bansInForce(now: Date): Promise<BanKeys[]> {
    return this.moderation.bansInForce(now);
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
