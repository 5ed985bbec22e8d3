import { sql, type Transaction } from "kysely";
import { decideRate, longestCheckWindow, type RateCheck, type RateDecision } from "../rate-limiter";
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
import { migrateToLatest } from "./migrations/migrate";
import type { CommentsDatabase } from "./schema";
import type { StoreDialect } from "./store-dialect";

const COLUMNS = ["id", "slug", "parent_id", "nickname", "text", "status", "created_at", "likes"] as const;
const REPLY_COLUMNS = COLUMNS.map((column) => `r.${column}` as const);

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

  constructor(private readonly dialect: StoreDialect) {}

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
    const { time, lockRows, lockNames } = this.dialect;
    return this.transaction(async (trx) => {
      const since = options.rejectDuplicatesSince;
      if (since !== undefined) {
        // Concurrent posts by one reader (on any instance) take turns, so a double submit cannot slip through.
        await lockNames(trx, input.ipHash === null ? [`dup:r:${input.readerId}`] : [`dup:r:${input.readerId}`, `dup:ip:${input.ipHash}`]);
        const sameText = trx.selectFrom("comments").select(sql<number>`1`.as("one")).where("created_at", ">=", time(since)).where("text", "=", input.text);
        // Two lookups, each through its own index (comments_reader, comments_ip).
        const byReader = sameText.where("reader_id", "=", input.readerId);
        const duplicate = await (input.ipHash === null ? byReader : byReader.unionAll(sameText.where("ip_hash", "=", input.ipHash))).limit(1).executeTakeFirst();
        if (duplicate) throw new CommentDuplicateError("the same text was posted recently");
      }
      let parent: CommentRow | undefined;
      if (input.parentId !== null && isCommentId(input.parentId)) {
        // Share lock: the parent cannot be deleted or hidden until this reply is in. Under a reply
        // cap, update lock: replies to one thread take turns (a shared lock upgraded later would deadlock).
        const byId = trx.selectFrom("comments").select(COLUMNS).where("id", "=", Number(input.parentId));
        parent = await lockRows(byId, options.maxRepliesPerThread !== undefined ? "update" : "share").executeTakeFirst();
      }
      const parentId = threadParentId(input, parent);
      if (parentId !== null && options.maxRepliesPerThread !== undefined) {
        // A reply to a reply counts against its thread: lock the top-level row too.
        if (parentId !== input.parentId) await lockRows(trx.selectFrom("comments").select("id").where("id", "=", Number(parentId)), "update").execute();
        const { n } = await trx
          .selectFrom("comments")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("parent_id", "=", Number(parentId))
          .where("status", "<>", "hidden")
          .executeTakeFirstOrThrow();
        if (Number(n) >= options.maxRepliesPerThread) throw new CommentThreadFullError(`thread ${parentId} is full`);
      }
      const row = await trx
        .insertInto("comments")
        .values({
          slug: input.slug,
          parent_id: parentId === null ? null : Number(parentId),
          nickname: input.nickname,
          text: input.text,
          reader_id: input.readerId,
          ip_hash: input.ipHash,
          status: input.status,
          created_at: time(input.createdAt),
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toComment(row);
    }).catch((error: unknown) => {
      // The parent was deleted between the check and the insert.
      if (this.dialect.isForeignKeyViolation(error)) throw new CommentParentError(`no published comment ${input.parentId} in ${input.slug}`);
      throw error;
    });
  }

  async getComment(id: string): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    const row = await this.query((db) => db.selectFrom("comments").select(COLUMNS).where("id", "=", Number(id)).executeTakeFirst());
    return row && toComment(row);
  }

  /**
   * One statement (one round trip, one snapshot): the page through its partial
   * index, then the first replies of exactly those comments through
   * comments_replies (no query per comment).
   */
  async listComments({ slug, sort, offset, limit, replyPreview = REPLY_PREVIEW }: CommentListQuery): Promise<{ threads: CommentThread[]; hasMore: boolean }> {
    const order = sort === "hot" ? sql`likes DESC, created_at DESC, id DESC` : sql`created_at DESC, id DESC`;
    const rows = (await this.query((db) =>
      db
        .with("page", (db) =>
          db
            .selectFrom((db) =>
              db
                .selectFrom("comments")
                .select(COLUMNS)
                // The same conditions as the partial indexes, so both databases use them.
                .where("slug", "=", slug)
                .where("parent_id", "is", null)
                .where("status", "=", "published")
                .orderBy(order)
                .limit(limit + 1)
                .offset(offset)
                .as("top"),
            )
            .select([...COLUMNS, sql<number | string | null>`row_number() OVER (ORDER BY ${order})`.as("pos")]),
        )
        .selectFrom("page")
        .select([...COLUMNS, "pos", sql<number | string>`0`.as("reply_count")])
        .unionAll((eb) =>
          eb
            .selectFrom((eb) =>
              eb
                .selectFrom("comments as r")
                .select([
                  ...REPLY_COLUMNS,
                  sql<number | string>`count(*) OVER (PARTITION BY r.parent_id)`.as("reply_count"),
                  sql<number>`row_number() OVER (PARTITION BY r.parent_id ORDER BY r.created_at, r.id)`.as("n"),
                ])
                .where("r.parent_id", "in", eb.selectFrom("page").select("id").where("pos", "<=", limit))
                .where("r.status", "=", "published")
                .as("replies"),
            )
            .select([...COLUMNS, sql<number | string | null>`NULL`.as("pos"), "reply_count"])
            .where("n", "<=", replyPreview),
        )
        .orderBy(sql`pos NULLS LAST, created_at, id`)
        .execute(),
    )) as (PreviewReplyRow & { pos: number | string | null })[];
    const top = rows.filter((row) => row.pos !== null);
    const replies = rows.filter((row) => row.pos === null);
    return { threads: assembleThreads(top.slice(0, limit), replies), hasMore: top.length > limit };
  }

  async listReplies(parentId: string, offset: number, limit: number): Promise<ReplyPage | undefined> {
    if (!isCommentId(parentId)) return undefined;
    const id = Number(parentId);
    // One statement: the parent (to tell "no such thread" from "no replies"), the count and the page.
    const rows = (await this.query((db) =>
      db
        .selectFrom("comments")
        .select([
          ...COLUMNS,
          sql<string>`'parent'`.as("kind"),
          (eb) => eb.selectFrom("comments").select(eb.fn.countAll().as("n")).where("parent_id", "=", id).where("status", "=", "published").as("total"),
        ])
        .where("id", "=", id)
        .where("parent_id", "is", null)
        .where("status", "=", "published")
        .unionAll((eb) =>
          eb
            .selectFrom((eb) =>
              eb
                .selectFrom("comments")
                .select([...COLUMNS, sql<string>`'reply'`.as("kind"), sql<number>`0`.as("total")])
                .where("parent_id", "=", id)
                .where("status", "=", "published")
                .orderBy("created_at")
                .orderBy("id")
                .limit(limit + 1)
                .offset(offset)
                .as("page"),
            )
            .selectAll(),
        )
        .execute(),
    )) as (CommentRow & { kind: "parent" | "reply"; total: number | string })[];
    const parent = rows.find((row) => row.kind === "parent");
    if (!parent) return undefined;
    const replies = rows.filter((row) => row.kind === "reply");
    return { replies: replies.slice(0, limit).map(toComment), total: Number(parent.total), hasMore: replies.length > limit };
  }

  async countComments(slugs: readonly string[]): Promise<Map<string, CommentCounts>> {
    const counts = new Map<string, CommentCounts>(slugs.map((slug) => [slug, { comments: 0, participants: 0 }]));
    if (slugs.length === 0) return counts;
    const rows = await this.query((db) =>
      db
        .selectFrom("comments as c")
        // A reply always shares its parent's report; saying so lets the join read only these
        // reports' rows (through comments_counts) instead of hashing the whole table.
        .leftJoin("comments as p", (join) => join.onRef("p.id", "=", "c.parent_id").onRef("p.slug", "=", "c.slug").on("p.slug", "in", slugs))
        .select((eb) => ["c.slug", eb.fn.countAll().as("comments"), eb.fn.count("c.reader_id").distinct().as("participants")])
        .where("c.slug", "in", slugs)
        .where("c.status", "=", "published")
        .where((eb) => eb.or([eb("c.parent_id", "is", null), eb("p.status", "=", "published")]))
        .groupBy("c.slug")
        .execute(),
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
    const id = Number(commentId);
    return this.transaction(async (trx) => {
      // Likes of one comment take turns, on every instance, so each reader counts once.
      const before = await this.dialect.lockRows(trx.selectFrom("comments").select(["likes", "status"]).where("id", "=", id), "update").executeTakeFirst();
      if (!before || before.status !== "published") return undefined;
      const changed =
        delta === 1
          ? // A like already there from this reader, or from this address, adds nothing.
            (
              await trx
                .insertInto("comment_likes")
                .values({ comment_id: id, reader_id: readerId, created_at: this.dialect.time(new Date()), address_hash: addressHash })
                .onConflict((conflict) => conflict.doNothing())
                .executeTakeFirst()
            ).numInsertedOrUpdatedRows
          : (await trx.deleteFrom("comment_likes").where("comment_id", "=", id).where("reader_id", "=", readerId).executeTakeFirst()).numDeletedRows;
      if (!changed) return before.likes;
      const after = await trx
        .updateTable("comments")
        .set({ likes: sql<number>`CASE WHEN likes + ${delta} < 0 THEN 0 ELSE likes + ${delta} END` })
        .where("id", "=", id)
        .returning("likes")
        .executeTakeFirstOrThrow();
      return after.likes;
    });
  }

  async listByStatus(status: CommentStatus, limit: number): Promise<StoredComment[]> {
    const rows = await this.query((db) => db.selectFrom("comments").select(COLUMNS).where("status", "=", status).orderBy("created_at").orderBy("id").limit(limit).execute());
    return rows.map(toComment);
  }

  async setStatus(id: string, status: CommentStatus): Promise<StoredComment | undefined> {
    if (!isCommentId(id)) return undefined;
    const row = await this.query((db) => db.updateTable("comments").set({ status }).where("id", "=", Number(id)).returning(COLUMNS).executeTakeFirst());
    return row && toComment(row);
  }

  async deleteComment(id: string): Promise<boolean> {
    if (!isCommentId(id)) return false;
    const { numDeletedRows } = await this.query((db) => db.deleteFrom("comments").where("id", "=", Number(id)).executeTakeFirst());
    return numDeletedRows > 0n;
  }

  async hitRateLimit(checks: readonly RateCheck[], now: number): Promise<RateDecision> {
    const window = longestCheckWindow(checks);
    if (window === 0) return { allowed: true };
    const keys = [...new Set(checks.map((check) => check.key))];
    const rulesOf = new Map(checks.map((check) => [check.key, check.rules]));
    const sweep = now - this.lastRateSweep >= RATE_SWEEP_INTERVAL_MS;
    if (sweep) this.lastRateSweep = now;
    return this.transaction(async (trx) => {
      // The keys' events are read and written under their locks, so instances take turns per reader.
      await this.dialect.lockNames(
        trx,
        keys.map((key) => `rate:${key}`),
      );
      await trx.deleteFrom("rate_events").where("key", "in", keys).where("at", "<=", now - window).execute();
      if (sweep) await trx.deleteFrom("rate_events").where("expires_at", "<=", now).execute();
      const rows = await trx.selectFrom("rate_events").select(["key", "at"]).where("key", "in", keys).where("at", ">", now - window).execute();
      const times = new Map<string, number[]>(keys.map((key) => [key, []]));
      for (const row of rows) times.get(row.key)?.push(Number(row.at));
      const decision = decideRate(times, (key) => rulesOf.get(key) ?? [], now);
      if (decision.allowed) await trx.insertInto("rate_events").values(keys.map((key) => ({ key, at: now, expires_at: now + window }))).execute();
      return decision;
    });
  }

  async clearAddressHashes(before: Date): Promise<number> {
    const cutoff = this.dialect.time(before);
    return this.transaction(async (trx) => {
      const comments = await trx.updateTable("comments").set({ ip_hash: null }).where("ip_hash", "is not", null).where("created_at", "<", cutoff).executeTakeFirst();
      const likes = await trx.updateTable("comment_likes").set({ address_hash: null }).where("address_hash", "is not", null).where("created_at", "<", cutoff).executeTakeFirst();
      return Number(comments.numUpdatedRows + likes.numUpdatedRows);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.migrated?.catch(() => {});
    await this.dialect.db.destroy();
  }
}
