import { sql, type Kysely, type Transaction } from "kysely";
import { toComment, type CommentRow } from "./comment-rows";
import { isCommentId, type CommentStatus } from "./comment-store";
import { COLUMNS } from "./comment-queries";
import { prepared } from "./prepared-query";
import {
  type BanKeys,
  ModeratorExistsError,
  type AuditEntry,
  type Ban,
  type ModerationAction,
  type ModerationResult,
  type ModerationStore,
  type Moderator,
  type ModeratorCredentials,
  type ModeratorSession,
  type QueuePage,
  type QueueQuery,
} from "./moderation-store";
import type { CommentsDatabase } from "./schema";
import type { StoreDialect } from "./store-dialect";

/** How the moderation store reaches the database: the comment store's own statement and transaction runners. */
export interface StoreRunner {
  readonly dialect: StoreDialect;
  query<T>(work: (db: Kysely<CommentsDatabase>) => Promise<T>): Promise<T>;
  transaction<T>(work: (trx: Transaction<CommentsDatabase>) => Promise<T>): Promise<T>;
  /** Before comments are deleted: they keep counting against the post limits (deleted-post-counts.ts). */
  keepDeletedCounted(trx: Transaction<CommentsDatabase>, ids: readonly number[], now: Date): Promise<void>;
}

/** Which statuses each action moves a comment from, and to. */
const ACTION_MOVES: Record<Exclude<ModerationAction, "delete">, { from: readonly CommentStatus[]; to: CommentStatus }> = {
  approve: { from: ["pending", "hidden"], to: "published" },
  hide: { from: ["pending", "published"], to: "hidden" },
  restore: { from: ["hidden"], to: "published" },
};

const date = (value: number | Date | string) => new Date(typeof value === "string" ? Number(value) : value);
const idOrNull = (value: number | string | null) => (value === null ? null : String(value));

/** LIKE pattern for "contains", with the pattern characters of the search taken literally. */
function containsPattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type BanRow = { id: number | string; reader_id: string | null; ip_hash: string | null; until: number | Date | null; created_at: number | Date; moderator: string; comment_id: number | string | null };

function toBan(row: BanRow): Ban {
  return {
    id: String(row.id),
    until: row.until === null ? null : date(row.until),
    createdAt: date(row.created_at),
    moderator: row.moderator,
    commentId: idOrNull(row.comment_id),
    byReader: row.reader_id !== null,
    byAddress: row.ip_hash !== null,
  };
}

/** The checks every post and like makes, built and compiled once (prepared-query.ts): building them cost more than running them. */
function checkQueries(db: Kysely<CommentsDatabase>) {
  type Moment = number | Date;
  const inForce = (slot: (name: "at") => never) => db.selectFrom("bans").select("id").where((eb) => eb.or([eb("until", "is", null), eb("until", ">", slot("at"))]));
  return {
    bannedReader: prepared<{ readerId: string; at: Moment }, { id: unknown }>((slot) => inForce(slot).where("reader_id", "=", slot("readerId")).limit(1)),
    bannedReaderOrAddress: prepared<{ readerId: string; ipHash: string; at: Moment }, { id: unknown }>((slot) =>
      inForce(slot)
        .where((eb) => eb.or([eb("reader_id", "=", slot("readerId")), eb("ip_hash", "=", slot("ipHash"))]))
        .limit(1),
    ),
    reportClosed: prepared<{ slug: string }, { slug: string }>((slot) => db.selectFrom("closed_reports").select("slug").where("slug", "=", slot("slug"))),
  };
}

export class KyselyModerationStore implements ModerationStore {
  private readonly checks;

  constructor(private readonly run: StoreRunner) {
    this.checks = checkQueries(run.dialect.db);
  }

  private get time() {
    return this.run.dialect.time;
  }

  async countModerators(): Promise<number> {
    const row = await this.run.query((db) => db.selectFrom("moderators").select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow());
    return Number(row.n);
  }

  async createModerator(name: string, passwordHash: string, now: Date): Promise<Moderator> {
    return this.run.transaction(async (trx) => {
      const taken = await trx.selectFrom("moderators").select("id").where("name", "=", name).executeTakeFirst();
      if (taken) throw new ModeratorExistsError(`a moderator named ${name} already exists`);
      const row = await trx.insertInto("moderators").values({ name, password_hash: passwordHash, created_at: this.time(now) }).returning(["id", "name"]).executeTakeFirstOrThrow();
      return { id: String(row.id), name: row.name };
    });
  }

  async findModerator(name: string): Promise<ModeratorCredentials | undefined> {
    const row = await this.run.query((db) => db.selectFrom("moderators").select(["id", "name", "password_hash"]).where("name", "=", name).executeTakeFirst());
    return row ? { id: String(row.id), name: row.name, passwordHash: row.password_hash } : undefined;
  }

  async createSession(idHash: string, moderatorId: string, now: Date, expiresAt: Date): Promise<void> {
    await this.run.transaction(async (trx) => {
      await trx.deleteFrom("moderator_sessions").where("expires_at", "<=", this.time(now)).execute();
      await trx
        .insertInto("moderator_sessions")
        .values({ id_hash: idHash, moderator_id: Number(moderatorId), created_at: this.time(now), expires_at: this.time(expiresAt) })
        .execute();
    });
  }

  async findSession(idHash: string, now: Date): Promise<ModeratorSession | undefined> {
    const row = await this.run.query((db) =>
      db
        .selectFrom("moderator_sessions as s")
        .innerJoin("moderators as m", "m.id", "s.moderator_id")
        .select(["m.id", "m.name", "s.expires_at"])
        .where("s.id_hash", "=", idHash)
        .where("s.expires_at", ">", this.time(now))
        .executeTakeFirst(),
    );
    return row ? { moderator: { id: String(row.id), name: row.name }, expiresAt: date(row.expires_at) } : undefined;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.run.query((db) => db.deleteFrom("moderator_sessions").where("id_hash", "=", idHash).execute());
  }

  async listQueue({ status, slug, search, offset, limit }: QueueQuery): Promise<QueuePage> {
    const rows = await this.run.query((db) => {
      let query = db.selectFrom("comments").select(COLUMNS).where("status", "=", status);
      if (slug !== undefined) query = query.where("slug", "=", slug);
      if (search !== undefined && search !== "") {
        const pattern = containsPattern(search);
        query = query.where((eb) =>
          eb.or([sql<boolean>`lower(text) LIKE ${pattern} ESCAPE '\\'`, sql<boolean>`lower(coalesce(nickname, '')) LIKE ${pattern} ESCAPE '\\'`]),
        );
      }
      // comments_status (status, created_at, id) read backwards: the page comes off the index, no sort.
      return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).offset(offset).execute();
    });
    return { comments: (rows as CommentRow[]).slice(0, limit).map(toComment), hasMore: rows.length > limit };
  }

  async moderate(ids: readonly string[], action: ModerationAction, moderator: string, now: Date): Promise<ModerationResult[]> {
    const numeric = [...new Set(ids.filter(isCommentId))].map(Number);
    if (numeric.length === 0) return [];
    return this.run.transaction(async (trx) => {
      const rows = await this.run.dialect
        .lockRows(trx.selectFrom("comments").select(["id", "slug", "status"]).where("id", "in", numeric), "update")
        .execute();
      const results: ModerationResult[] = [];
      if (action === "delete") {
        const found = rows.map((row) => Number(row.id));
        if (found.length > 0) {
          await this.run.keepDeletedCounted(trx, found, now);
          await trx.deleteFrom("comments").where("id", "in", found).execute();
        }
        for (const row of rows) results.push({ id: String(row.id), slug: row.slug, before: row.status, after: "deleted" });
      } else {
        const { from, to } = ACTION_MOVES[action];
        const fits = rows.filter((row) => from.includes(row.status));
        if (fits.length > 0) await trx.updateTable("comments").set({ status: to }).where("id", "in", fits.map((row) => Number(row.id))).execute();
        for (const row of fits) results.push({ id: String(row.id), slug: row.slug, before: row.status, after: to });
      }
      if (results.length > 0) {
        await trx
          .insertInto("audit_log")
          .values(
            results.map((r) => ({
              at: this.time(now),
              moderator,
              action,
              comment_id: action === "delete" ? null : Number(r.id),
              slug: r.slug,
              status_before: r.before,
              status_after: r.after,
              // A deleted comment's id is kept in the detail: the column would point at nothing.
              detail: action === "delete" ? `comment ${r.id}` : null,
            })),
          )
          .execute();
      }
      return results;
    });
  }

  async recordAudit(entry: Omit<AuditEntry, "id">): Promise<void> {
    await this.run.query((db) =>
      db
        .insertInto("audit_log")
        .values({
          at: this.time(entry.at),
          moderator: entry.moderator,
          action: entry.action,
          comment_id: entry.commentId === null ? null : Number(entry.commentId),
          slug: entry.slug,
          status_before: entry.statusBefore,
          status_after: entry.statusAfter,
          detail: entry.detail,
        })
        .execute(),
    );
  }

  async listAudit(offset: number, limit: number): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    const rows = await this.run.query((db) =>
      // Columns named, not `*`: a statement kept prepared (postgres-dialect.ts) must not change its result when a later step adds a column.
      db
        .selectFrom("audit_log")
        .select(["id", "at", "moderator", "action", "comment_id", "slug", "status_before", "status_after", "detail"])
        .orderBy("at", "desc").orderBy("id", "desc").limit(limit + 1).offset(offset).execute(),
    );
    const entries = rows.slice(0, limit).map((row) => ({
      id: String(row.id),
      at: date(row.at),
      moderator: row.moderator,
      action: row.action,
      commentId: idOrNull(row.comment_id),
      slug: row.slug,
      statusBefore: row.status_before,
      statusAfter: row.status_after,
      detail: row.detail,
    }));
    return { entries, hasMore: rows.length > limit };
  }

  async banAuthor(commentId: string, until: Date | null, moderator: string, now: Date): Promise<{ ban: Ban; hidden: number } | undefined> {
    if (!isCommentId(commentId)) return undefined;
    return this.run.transaction(async (trx) => {
      const author = await trx.selectFrom("comments").select(["reader_id", "ip_hash", "slug"]).where("id", "=", Number(commentId)).executeTakeFirst();
      if (!author) return undefined;
      const row = await trx
        .insertInto("bans")
        .values({
          reader_id: author.reader_id,
          ip_hash: author.ip_hash,
          until: until === null ? null : this.time(until),
          created_at: this.time(now),
          moderator,
          comment_id: Number(commentId),
        })
        .returning(["id", "reader_id", "ip_hash", "until", "created_at", "moderator", "comment_id"])
        .executeTakeFirstOrThrow();
      const hidden = await trx
        .updateTable("comments")
        .set({ status: "hidden" })
        .where("status", "=", "pending")
        .where((eb) => (author.ip_hash === null ? eb("reader_id", "=", author.reader_id) : eb.or([eb("reader_id", "=", author.reader_id), eb("ip_hash", "=", author.ip_hash)])))
        .returning(["id", "slug"])
        .execute();
      const at = this.time(now);
      await trx
        .insertInto("audit_log")
        .values([
          { at, moderator, action: "ban", comment_id: Number(commentId), slug: author.slug, status_before: null, status_after: null, detail: until === null ? "permanent" : `until ${until.toISOString()}` },
          ...hidden.map((h) => ({ at, moderator, action: "hide", comment_id: Number(h.id), slug: h.slug, status_before: "pending", status_after: "hidden", detail: "author banned" })),
        ])
        .execute();
      return { ban: toBan(row as BanRow), hidden: hidden.length };
    });
  }

  async listBans(now: Date): Promise<Ban[]> {
    const rows = await this.run.query((db) =>
      db
        .selectFrom("bans")
        .select(["id", "reader_id", "ip_hash", "until", "created_at", "moderator", "comment_id"])
        .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", this.time(now))]))
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(500)
        .execute(),
    );
    return (rows as BanRow[]).map(toBan);
  }

  async liftBan(banId: string, moderator: string, now: Date): Promise<boolean> {
    if (!isCommentId(banId)) return false;
    return this.run.transaction(async (trx) => {
      const at = this.time(now);
      const lifted = await trx
        .updateTable("bans")
        .set({ until: at })
        .where("id", "=", Number(banId))
        .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", at)]))
        .returning(["comment_id"])
        .executeTakeFirst();
      if (!lifted) return false;
      await trx
        .insertInto("audit_log")
        .values({ at, moderator, action: "lift-ban", comment_id: null, slug: null, status_before: null, status_after: null, detail: `ban ${banId}` })
        .execute();
      return true;
    });
  }

  async isBanned(readerId: string, ipHash: string | null, now: Date): Promise<boolean> {
    const at = this.time(now);
    const query = ipHash === null ? this.checks.bannedReader({ readerId, at }) : this.checks.bannedReaderOrAddress({ readerId, ipHash, at });
    const { rows } = await this.run.query((db) => db.executeQuery(query));
    return rows.length > 0;
  }

  async bansInForce(now: Date): Promise<BanKeys[]> {
    const at = this.time(now);
    const rows = await this.run.query((db) =>
      db
        .selectFrom("bans")
        .select(["reader_id", "ip_hash", "until"])
        .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", at)]))
        .execute(),
    );
    return rows.map((row) => ({ readerId: row.reader_id, ipHash: row.ip_hash, until: row.until === null ? null : date(row.until) }));
  }

  async setReportClosed(slug: string, closed: boolean, moderator: string, now: Date): Promise<void> {
    await this.run.transaction(async (trx) => {
      const at = this.time(now);
      const was = await trx.selectFrom("closed_reports").select("slug").where("slug", "=", slug).executeTakeFirst();
      if (closed === (was !== undefined)) return;
      if (closed) await trx.insertInto("closed_reports").values({ slug, closed_at: at, moderator }).execute();
      else await trx.deleteFrom("closed_reports").where("slug", "=", slug).execute();
      await trx
        .insertInto("audit_log")
        .values({ at, moderator, action: closed ? "close" : "reopen", comment_id: null, slug, status_before: null, status_after: null, detail: null })
        .execute();
    });
  }

  async isReportClosed(slug: string): Promise<boolean> {
    const { rows } = await this.run.query((db) => db.executeQuery(this.checks.reportClosed({ slug })));
    return rows.length > 0;
  }

  async listClosedReports(): Promise<string[]> {
    const rows = await this.run.query((db) => db.selectFrom("closed_reports").select("slug").orderBy("slug").execute());
    return rows.map((row) => row.slug);
  }
}
