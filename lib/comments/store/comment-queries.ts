import { sql, type Kysely } from "kysely";
import type { CommentStatus } from "./comment-store";
import type { CountedColumn } from "../identity/rate-limiter";
import { prepared, preparedList, preparedLists } from "./prepared-query";
import type { CommentsDatabase } from "./schema";
import { PLAN_EACH_CALL, type StoreDialect } from "./store-dialect";

export const COLUMNS = ["id", "slug", "parent_id", "nickname", "text", "status", "created_at", "likes", "official"] as const;
const REPLY_COLUMNS = COLUMNS.map((column) => `r.${column}` as const);

type Moment = number | Date;

/** A new comment's values, as the inserts take them. */
type NewCommentValues = {
  slug: string;
  parentId: number | null;
  nickname: string | null;
  text: string;
  readerId: string;
  ipHash: string | null;
  status: CommentStatus;
  createdAt: Moment;
  official: number;
};

/**
 * Written into the SQL rather than sent as values: a partial index (WHERE
 * status = 'published') serves only a query that says so in its text, and
 * SQLite re-plans a statement on every call when a bound value could change
 * which partial index applies.
 */
const PUBLISHED = sql.lit<CommentStatus>("published");
const HIDDEN = sql.lit<CommentStatus>("hidden");

/**
 * Every statement of the store, written once for both databases with Kysely
 * and compiled once (prepared-query.ts). Run with `db.executeQuery(query(args))`
 * on the store's Kysely instance or a transaction.
 */
export function commentQueries(db: Kysely<CommentsDatabase>, dialect: StoreDialect) {
  const { lockRows } = dialect;
  /** A comment's moment as rate events keep theirs: milliseconds since the epoch (PostgreSQL stores a timestamptz). */
  const momentMs = dialect.name === "postgres" ? sql<number | string>`(extract(epoch from created_at) * 1000)::bigint` : sql<number>`created_at`;
  const byId = (slot: (name: "id") => never) => db.selectFrom("comments").select(COLUMNS).where("id", "=", slot("id"));

  /** One page of a report's published top-level comments in either order, each with its first published replies. */
  const page = (sort: "hot" | "new") => {
    const order = sort === "hot" ? sql`likes DESC, created_at DESC, id DESC` : sql`created_at DESC, id DESC`;
    return prepared<{ slug: string; limit: number; limitPlusOne: number; offset: number; replyPreview: number }, unknown>((slot) =>
      db
        // Read twice (the page, and whose replies to fetch): computed once. PostgreSQL does so by itself.
        .with((cte) => cte("page").materialized(), (db) =>
          db
            .selectFrom((db) =>
              db
                .selectFrom("comments")
                .select(COLUMNS)
                // The same conditions as the partial indexes, so both databases use them.
                .where("slug", "=", slot("slug"))
                .where("parent_id", "is", null)
                .where("status", "=", PUBLISHED)
                .orderBy(order)
                .limit(slot("limitPlusOne"))
                .offset(slot("offset"))
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
                .where("r.parent_id", "in", eb.selectFrom("page").select("id").where("pos", "<=", slot("limit")))
                // Through comments_replies by the page's ids, never by status (StoreDialect.unindexed).
                .where(dialect.unindexed("r.status"), "=", PUBLISHED)
                .as("replies"),
            )
            .select([...COLUMNS, sql<number | string | null>`NULL`.as("pos"), "reply_count"])
            .where("n", "<=", slot("replyPreview")),
        )
        .orderBy(sql`pos NULLS LAST, created_at, id`),
    );
  };

  /** Published comments of these reports, replies only under a published comment: what the counts count. */
  const counted = (slugs: readonly string[]) =>
    db
      .selectFrom("comments as c")
      // A reply always shares its parent's report; saying so lets the join read only these
      // reports' rows (through comments_counts) instead of hashing the whole table.
      .leftJoin("comments as p", (join) => join.onRef("p.id", "=", "c.parent_id").onRef("p.slug", "=", "c.slug").on("p.slug", "in", slugs))
      .where("c.slug", "in", slugs)
      .where("c.status", "=", PUBLISHED)
      .where((eb) => eb.or([eb("c.parent_id", "is", null), eb("p.status", "=", PUBLISHED)]));

  const sameText = (slot: (name: "since" | "text") => never) =>
    db.selectFrom("comments").select(sql<number>`1`.as("one")).where("created_at", ">=", slot("since")).where("text", "=", slot("text"));

  const integer = sql.raw(dialect.types.integer);

  /** The insert unless the same text came from this reader (or this address) since `since` (insertUnlessDuplicate). */
  const insertUnlessDuplicate = (slot: (name: keyof NewCommentValues | "since") => never) =>
    db
      .insertInto("comments")
      .columns(["slug", "parent_id", "nickname", "text", "reader_id", "ip_hash", "status", "created_at", "official"])
      .expression(
        db
          .selectNoFrom([
            sql`${slot("slug")}`.as("slug"),
            sql`${slot("parentId")}`.as("parent_id"),
            sql`${slot("nickname")}`.as("nickname"),
            sql`${slot("text")}`.as("text"),
            sql`${slot("readerId")}`.as("reader_id"),
            sql`${slot("ipHash")}`.as("ip_hash"),
            sql`${slot("status")}`.as("status"),
            sql`${slot("createdAt")}`.as("created_at"),
            sql`${slot("official")}`.as("official"),
          ])
          .where((eb) =>
            eb.not(
              eb.exists(
                // The same two lookups as duplicateByReaderOrAddress (an address unknown matches nothing).
                sameText(slot)
                  .where("reader_id", "=", slot("readerId"))
                  .unionAll(sameText(slot).where("ip_hash", "=", slot("ipHash"))),
              ),
            ),
          ),
      )
      .returning(COLUMNS);

  return {
    byId: prepared<{ id: number }, unknown>((slot) => byId(slot)),
    /** The parent of a new reply, locked: shared, or for update under a reply cap. */
    parentForShare: prepared<{ id: number }, unknown>((slot) => lockRows(byId(slot), "share")),
    parentForUpdate: prepared<{ id: number }, unknown>((slot) => lockRows(byId(slot), "update")),
    lockThread: prepared<{ id: number }, unknown>((slot) => lockRows(db.selectFrom("comments").select("id").where("id", "=", slot("id")), "update")),
    // Two lookups, each through its own index (comments_reader, comments_ip).
    duplicateByReader: prepared<{ since: Moment; text: string; readerId: string }, unknown>((slot) =>
      sameText(slot).where("reader_id", "=", slot("readerId")).limit(1),
    ),
    duplicateByReaderOrAddress: prepared<{ since: Moment; text: string; readerId: string; ipHash: string }, unknown>((slot) =>
      sameText(slot)
        .where("reader_id", "=", slot("readerId"))
        .unionAll(sameText(slot).where("ip_hash", "=", slot("ipHash")))
        .limit(1),
    ),
    threadSize: prepared<{ parentId: number }, { n: number | string }>((slot) =>
      db
        .selectFrom("comments")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("parent_id", "=", slot("parentId"))
        .where("status", "<>", HIDDEN),
    ),
    /**
     * The insert unless the same text came from this reader (or this address) since `since`: the
     * duplicate check and the write in one statement (no row: a duplicate). Run under the reader's
     * and the address's named locks, taken in an earlier statement, so its snapshot sees every
     * earlier post of theirs on any instance.
     */
    insertUnlessDuplicate: prepared<NewCommentValues & { since: Moment }, unknown>((slot) => insertUnlessDuplicate(slot)),
    /**
     * insertUnlessDuplicate, and when it stores no row (a duplicate), the post's rate events (`kept`:
     * key, at, expires at, per event) in the same statement: a refused duplicate still counts, and
     * its group has nothing left to write after its inserts, so their flight can carry the COMMIT.
     * PostgreSQL only (a data-modifying WITH); compiled once per event count.
     */
    insertUnlessDuplicateKeeping: preparedList<NewCommentValues & { since: Moment; kept: readonly (string | number)[] }, unknown>("kept", (slot, kept) =>
      db
        .with("inserted", () => insertUnlessDuplicate(slot))
        .with("kept", () =>
          db
            .insertInto("rate_events")
            .columns(["key", "at", "expires_at"])
            .expression(
              db
                .selectFrom(
                  sql<{ key: string; at: number; expires_at: number }>`(VALUES ${sql.join(
                    Array.from({ length: kept.length / 3 }, (_, i) => sql`(${kept[3 * i]}, CAST(${kept[3 * i + 1]} AS ${integer}), CAST(${kept[3 * i + 2]} AS ${integer}))`),
                  )})`.as(sql`kept_events (key, at, expires_at)`),
                )
                .select(["key", "at", "expires_at"])
                .where((eb) => eb.not(eb.exists(eb.selectFrom("inserted").select(sql<number>`1`.as("one"))))),
            ),
        )
        .selectFrom("inserted")
        .selectAll(),
    ),
    insert: prepared<NewCommentValues, unknown>((slot) =>
      db
        .insertInto("comments")
        .values({
          slug: slot("slug"),
          parent_id: slot("parentId"),
          nickname: slot("nickname"),
          text: slot("text"),
          reader_id: slot("readerId"),
          ip_hash: slot("ipHash"),
          status: slot("status"),
          created_at: slot("createdAt"),
          official: slot("official"),
        })
        .returning(COLUMNS),
    ),
    pageHot: page("hot"),
    pageNew: page("new"),
    /** The parent (to tell "no such thread" from "no replies"), its reply count and a page of replies: one statement. */
    replies: prepared<{ id: number; limitPlusOne: number; offset: number }, unknown>((slot) =>
      db
        .selectFrom("comments")
        .select([
          ...COLUMNS,
          sql<string>`'parent'`.as("kind"),
          (eb) => eb.selectFrom("comments").select(eb.fn.countAll().as("n")).where("parent_id", "=", slot("id")).where("status", "=", PUBLISHED).as("total"),
        ])
        .where("id", "=", slot("id"))
        .where("parent_id", "is", null)
        .where("status", "=", PUBLISHED)
        .unionAll((eb) =>
          eb
            .selectFrom((eb) =>
              eb
                .selectFrom("comments")
                .select([...COLUMNS, sql<string>`'reply'`.as("kind"), sql<number>`0`.as("total")])
                .where("parent_id", "=", slot("id"))
                .where("status", "=", PUBLISHED)
                .orderBy("created_at")
                .orderBy("id")
                .limit(slot("limitPlusOne"))
                .offset(slot("offset"))
                .as("page"),
            )
            .selectAll(),
        ),
    ),
    counts: preparedList<{ slugs: readonly string[] }, { slug: string; comments: number | string; participants: number | string }>("slugs", (_slot, slugs) =>
      counted(slugs)
        .select((eb) => ["c.slug", eb.fn.countAll<number | string>().as("comments"), eb.fn.count<number | string>("c.reader_id").distinct().as("participants")])
        .groupBy("c.slug"),
    ),
    /** One report's counts and whether the console closed it: what a list shows beside its page, in one round trip. */
    summary: prepared<{ slug: string }, { comments: number | string; participants: number | string; closed: boolean | number }>((slot) =>
      counted([slot("slug")]).select((eb) => [
        eb.fn.countAll<number | string>().as("comments"),
        eb.fn.count<number | string>("c.reader_id").distinct().as("participants"),
        eb.exists(eb.selectFrom("closed_reports").select("slug").where("slug", "=", slot("slug"))).$castTo<boolean | number>().as("closed"),
      ]),
    ),
    /** Likes of one comment take turns, on every instance, so each reader counts once. */
    likesForUpdate: prepared<{ id: number }, { likes: number; status: CommentStatus }>((slot) =>
      lockRows(db.selectFrom("comments").select(["likes", "status"]).where("id", "=", slot("id")), "update"),
    ),
    /** A like already there from this reader, or from this address, adds nothing. */
    addLike: prepared<{ id: number; readerId: string; at: Moment; addressHash: string | null }, unknown>((slot) =>
      db
        .insertInto("comment_likes")
        .values({ comment_id: slot("id"), reader_id: slot("readerId"), created_at: slot("at"), address_hash: slot("addressHash") })
        .onConflict((conflict) => conflict.doNothing()),
    ),
    removeLike: prepared<{ id: number; readerId: string }, unknown>((slot) => db.deleteFrom("comment_likes").where("comment_id", "=", slot("id")).where("reader_id", "=", slot("readerId"))),
    bumpLikes: prepared<{ id: number; delta: number }, { likes: number }>((slot) =>
      db
        .updateTable("comments")
        .set({ likes: sql<number>`CASE WHEN likes + ${slot("delta")} < 0 THEN 0 ELSE likes + ${slot("delta")} END` })
        .where("id", "=", slot("id"))
        .returning("likes"),
    ),
    byStatus: prepared<{ status: CommentStatus; limit: number }, unknown>((slot) =>
      db.selectFrom("comments").select(COLUMNS).where("status", "=", slot("status")).orderBy("created_at").orderBy("id").limit(slot("limit")),
    ),
    /** Any moderator decision replaces the reports' automatic one. */
    setStatus: prepared<{ id: number; status: CommentStatus }, unknown>((slot) => db.updateTable("comments").set({ status: slot("status"), hidden_by_reports: 0 }).where("id", "=", slot("id")).returning(COLUMNS)),
    delete: prepared<{ id: number }, unknown>((slot) => db.deleteFrom("comments").where("id", "=", slot("id"))),
    sweepRateEvents: prepared<{ now: number }, unknown>((slot) => db.deleteFrom("rate_events").where("expires_at", "<=", slot("now"))),
    /**
     * A group's rate limits in one statement (one snapshot): the keys' events
     * since `after`, and the stored comments that count for the checks that
     * count rows (group-rates.ts), each as its row key (`rowKey`) and moment
     * in milliseconds, through comments_reader, comments_ip and
     * comments_report_recent. An empty list leaves its part out.
     */
    rateEventsAndRows: preparedLists<
      { keys: readonly string[]; readers: readonly string[]; addresses: readonly string[]; reports: readonly string[]; after: number; afterMoment: Moment },
      "keys" | "readers" | "addresses" | "reports",
      { key: string; at: number | string }
    >(["keys", "readers", "addresses", "reports"], (slot, { keys, readers, addresses, reports }) => {
      const rows = (column: CountedColumn, values: never[]) => {
        const query = db
          .selectFrom("comments")
          .select([sql<string>`${sql.lit(`row:${column}:`)} || ${sql.ref(column)}`.as("key"), momentMs.as("at")])
          .where(column, "in", values)
          .where("created_at", ">", slot("afterMoment"));
        // Spelled out so each partial index applies: comments_ip's (ip_hash IS NOT NULL), comments_report_recent's (official = 0: official replies never counted).
        return column === "ip_hash" ? query.where("ip_hash", "is not", null) : column === "slug" ? query.where(sql<boolean>`official = 0`) : query;
      };
      let query = db.selectFrom("rate_events").modifyFront(sql.raw(PLAN_EACH_CALL)).select(["key", "at"]).where("key", "in", keys).where("at", ">", slot("after"));
      if (readers.length > 0) query = query.unionAll(rows("reader_id", readers));
      if (addresses.length > 0) query = query.unionAll(rows("ip_hash", addresses));
      if (reports.length > 0) query = query.unionAll(rows("slug", reports));
      return query;
    }),
    /**
     * Deleted comments keep counting (deleted-post-counts.ts): for each row of these comments
     * and their replies (deleted with them) younger than `since`, an event under each row key.
     */
    keepDeletedCounted: preparedList<{ ids: readonly number[]; since: Moment; keepMs: number }, unknown>("ids", (slot, ids) => {
      const counted = (column: CountedColumn) => {
        const query = db
          .selectFrom("comments")
          .select([sql<string>`${sql.lit(`row:${column}:`)} || ${sql.ref(column)}`.as("key"), momentMs.as("at"), sql<number>`${momentMs} + ${slot("keepMs")}`.as("expires_at")])
          .where((eb) => eb.or([eb("id", "in", ids), eb("parent_id", "in", ids)]))
          .where("created_at", ">", slot("since"))
          .where(sql<boolean>`official = 0`);
        return column === "ip_hash" ? query.where("ip_hash", "is not", null) : query;
      };
      return db.insertInto("rate_events").columns(["key", "at", "expires_at"]).expression(counted("reader_id").unionAll(counted("ip_hash")).unionAll(counted("slug")));
    }),
    /** A group's rate events, one row per three values of `flat` (key, at, expires at): compiled once per row count. */
    addRateEvents: preparedList<{ flat: readonly (string | number)[] }, unknown>("flat", (_slot, flat) =>
      db.insertInto("rate_events").values(
        Array.from({ length: flat.length / 3 }, (_, i) => ({ key: flat[3 * i]!, at: flat[3 * i + 1]!, expires_at: flat[3 * i + 2]! })),
      ),
    ),
    clearCommentAddresses: prepared<{ before: Moment }, unknown>((slot) =>
      // Through comments_address_age (migration 0018): the sweep says the index's expression, as it must to use it.
      db.updateTable("comments").set({ ip_hash: null }).where("ip_hash", "is not", null).where(sql<boolean>`${dialect.addressAge} < ${dialect.addressAgeOf(slot("before"))}`),
    ),
    clearLikeAddresses: prepared<{ before: Moment }, unknown>((slot) =>
      db.updateTable("comment_likes").set({ address_hash: null }).where("address_hash", "is not", null).where("created_at", "<", slot("before")),
    ),
  };
}
