import { sameRules, type RateCheck } from "@/lib/comments/identity/rate-limiter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommentDuplicateError, CommentParentError, CommentThreadFullError, type CommentStore, type NewComment } from "@/lib/comments/comment-store";
import { ModeratorExistsError } from "@/lib/comments/store/moderation-store";

export interface StoreUnderTest {
  /** An empty store. */
  store: CommentStore;
  /** Another store over the same data, as a second app instance would open it. */
  openSecond: () => Promise<CommentStore>;
  /** Closes every store opened and removes the data. */
  cleanup: () => Promise<void>;
  /**
   * Runs one statement on a connection of its own, as another process (the
   * CLI, a psql session) would: `?` placeholders, Dates as the backend keeps times.
   */
  writeElsewhere: (statement: string, parameters: unknown[]) => Promise<void>;
}

/**
 * The behaviour every comment store must have, run against SQLite
 * (comments-sqlite-store.test.ts) and PostgreSQL (comments-postgres-store.test.ts).
 */
export function describeCommentStore(name: string, makeStore: () => Promise<StoreUnderTest>) {
  describe(`comment store: ${name}`, () => {
    let store: CommentStore;
    let openSecond: () => Promise<CommentStore>;
    let cleanup: () => Promise<void>;
    let writeElsewhere: StoreUnderTest["writeElsewhere"];
    const base = Date.UTC(2026, 0, 1, 8, 0, 0);

    beforeEach(async () => {
      ({ store, openSecond, cleanup, writeElsewhere } = await makeStore());
    });

    /** PostgreSQL tells other processes' changes by notification: heard within moments, not at once. */
    async function eventually(check: () => Promise<void>): Promise<void> {
      for (let waited = 0; ; waited += 25) {
        try {
          return await check();
        } catch (error) {
          if (waited >= 3_000) throw error;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    }
    afterEach(async () => {
      await cleanup();
    });

    function comment(overrides: Partial<NewComment> = {}): NewComment {
      return {
        slug: "report-a",
        parentId: null,
        nickname: null,
        text: "一条评论",
        readerId: "reader-1",
        ipHash: null,
        status: "published",
        createdAt: new Date(base),
        ...overrides,
      };
    }

    /** Comments at base + i minutes, i = 0..n-1, each by its own reader. */
    async function seed(n: number, overrides: Partial<NewComment> = {}) {
      const created = [];
      for (let i = 0; i < n; i++) {
        created.push(await store.createComment(comment({ text: `comment ${i}`, readerId: `reader-${i}`, createdAt: new Date(base + i * 60_000), ...overrides })));
      }
      return created;
    }

    it("stores a comment and returns it exactly, with a string id", async () => {
      const text = "第一行\n第二行 😀 𠀋 <b>x</b> ' OR 1=1; --";
      const created = await store.createComment(comment({ nickname: "城阳读者", text }));
      expect(created).toMatchObject({ slug: "report-a", parentId: null, nickname: "城阳读者", text, likes: 0, status: "published" });
      expect(created.id).toMatch(/^[1-9][0-9]*$/);
      expect(created.createdAt.toISOString()).toBe("2026-01-01T08:00:00.000Z");
      expect(await store.getComment(created.id)).toEqual(created);
      expect(await store.getComment("999999")).toBeUndefined();
      expect(await store.getComment("not-an-id")).toBeUndefined();
    });

    it("lists newest first, and hottest by likes then newest", async () => {
      const [c0, c1, c2, c3] = await seed(4);
      await store.like(c1!.id, "x");
      await store.like(c1!.id, "y");
      await store.like(c0!.id, "x");
      const newest = await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10 });
      expect(newest.threads.map((t) => t.id)).toEqual([c3!.id, c2!.id, c1!.id, c0!.id]);
      const hottest = await store.listComments({ slug: "report-a", sort: "hot", offset: 0, limit: 10 });
      expect(hottest.threads.map((t) => t.id)).toEqual([c1!.id, c0!.id, c3!.id, c2!.id]);
      expect(hottest.threads[0]!.likes).toBe(2);
    });

    it("orders comments made in the same millisecond by creation", async () => {
      const first = await store.createComment(comment({ text: "a" }));
      const second = await store.createComment(comment({ text: "b" }));
      const newest = await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10 });
      expect(newest.threads.map((t) => t.id)).toEqual([second.id, first.id]);
    });

    it("pages to the end in both orders, every comment exactly once", async () => {
      const created = await seed(25);
      for (const sort of ["new", "hot"] as const) {
        const seen: string[] = [];
        const hasMore: boolean[] = [];
        for (let offset = 0; offset < 40; offset += 10) {
          const page = await store.listComments({ slug: "report-a", sort, offset, limit: 10 });
          seen.push(...page.threads.map((t) => t.id));
          hasMore.push(page.hasMore);
          if (!page.hasMore) break;
        }
        expect(hasMore).toEqual([true, true, false]);
        expect(seen).toHaveLength(25);
        expect(new Set(seen)).toEqual(new Set(created.map((c) => c.id)));
      }
    });

    it("keeps threads apart by report", async () => {
      await seed(2);
      const other = await store.createComment(comment({ slug: "report-b" }));
      const b = await store.listComments({ slug: "report-b", sort: "new", offset: 0, limit: 10 });
      expect(b.threads.map((t) => t.id)).toEqual([other.id]);
    });

    it("nests replies one level deep, oldest first, outside the top-level list", async () => {
      const [parent] = await seed(1);
      const r1 = await store.createComment(comment({ parentId: parent!.id, text: "reply 1", createdAt: new Date(base + 120_000) }));
      const r2 = await store.createComment(comment({ parentId: r1.id, text: "reply to a reply", createdAt: new Date(base + 180_000) }));
      expect(r2.parentId).toBe(parent!.id);
      const list = await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10 });
      expect(list.threads).toHaveLength(1);
      expect(list.threads[0]!.replies.map((r) => r.text)).toEqual(["reply 1", "reply to a reply"]);
    });

    it("carries only the first replies of each thread with its reply count, and pages the rest", async () => {
      const [busy, quiet] = await seed(2);
      for (let i = 0; i < 7; i++) await store.createComment(comment({ parentId: busy!.id, text: `reply ${i}`, createdAt: new Date(base + (10 + i) * 60_000) }));
      await store.createComment(comment({ parentId: busy!.id, text: "waiting", status: "pending", createdAt: new Date(base + 30 * 60_000) }));
      const list = await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10, replyPreview: 3 });
      const byId = new Map(list.threads.map((t) => [t.id, t]));
      expect(byId.get(busy!.id)!.replies.map((r) => r.text)).toEqual(["reply 0", "reply 1", "reply 2"]);
      expect(byId.get(busy!.id)!.replyCount).toBe(7);
      expect(byId.get(quiet!.id)!.replyCount).toBe(0);
      const first = await store.listReplies(busy!.id, 0, 5);
      expect(first).toMatchObject({ total: 7, hasMore: true });
      expect(first!.replies.map((r) => r.text)).toEqual(["reply 0", "reply 1", "reply 2", "reply 3", "reply 4"]);
      const second = await store.listReplies(busy!.id, 5, 5);
      expect(second!.replies.map((r) => r.text)).toEqual(["reply 5", "reply 6"]);
      expect(second!.hasMore).toBe(false);
      expect(await store.listReplies(first!.replies[0]!.id, 0, 5)).toBeUndefined();
      expect(await store.listReplies("999999", 0, 5)).toBeUndefined();
      expect(await store.listReplies("x", 0, 5)).toBeUndefined();
    });

    it("refuses a reply once the thread holds the most replies allowed (pending ones count)", async () => {
      const [parent] = await seed(1);
      await store.createComment(comment({ parentId: parent!.id, text: "one" }), { maxRepliesPerThread: 2 });
      await store.createComment(comment({ parentId: parent!.id, text: "two", status: "pending" }), { maxRepliesPerThread: 2 });
      await expect(store.createComment(comment({ parentId: parent!.id, text: "three" }), { maxRepliesPerThread: 2 })).rejects.toBeInstanceOf(CommentThreadFullError);
      // A new top-level comment is still welcome.
      await expect(store.createComment(comment({ text: "fresh" }), { maxRepliesPerThread: 2 })).resolves.toBeDefined();
    });

    it("counts one like per comment per address, whatever reader id comes with it", async () => {
      const [c] = await seed(1);
      expect(await store.like(c!.id, "r1", "addr-1")).toBe(1);
      expect(await store.like(c!.id, "r2", "addr-1")).toBe(1);
      expect(await store.like(c!.id, "r3", "addr-2")).toBe(2);
      expect(await store.like(c!.id, "r3", "addr-3")).toBe(2);
    });

    it("clears address pseudonyms older than the retention period", async () => {
      const old = await store.createComment(comment({ text: "old", ipHash: "addr-old", createdAt: new Date(base) }));
      await store.createComment(comment({ text: "new", ipHash: "addr-new", createdAt: new Date(base + 40 * 86_400_000) }));
      expect(await store.clearAddressHashes(new Date(base + 86_400_000))).toBe(1);
      // The old pseudonym no longer matches duplicates; the new one still does.
      await expect(store.createComment(comment({ text: "old", readerId: "other", ipHash: "addr-old", createdAt: new Date(base + 41 * 86_400_000) }), { rejectDuplicatesSince: new Date(base - 1) })).resolves.toBeDefined();
      await expect(store.createComment(comment({ text: "new", readerId: "other", ipHash: "addr-new", createdAt: new Date(base + 41 * 86_400_000) }), { rejectDuplicatesSince: new Date(base - 1) })).rejects.toBeInstanceOf(CommentDuplicateError);
      expect(await store.getComment(old.id)).toMatchObject({ text: "old" });
    });

    it("refuses a reply to a missing, foreign or unpublished comment", async () => {
      const [parent] = await seed(1);
      const pending = await store.createComment(comment({ status: "pending" }));
      await expect(store.createComment(comment({ parentId: "999999" }))).rejects.toBeInstanceOf(CommentParentError);
      await expect(store.createComment(comment({ parentId: parent!.id, slug: "report-b" }))).rejects.toBeInstanceOf(CommentParentError);
      await expect(store.createComment(comment({ parentId: pending.id }))).rejects.toBeInstanceOf(CommentParentError);
    });

    it("counts a like once per reader; un-liking is idempotent too", async () => {
      const [c] = await seed(1);
      expect(await store.like(c!.id, "r1")).toBe(1);
      expect(await store.like(c!.id, "r1")).toBe(1);
      expect(await store.like(c!.id, "r2")).toBe(2);
      expect(await store.unlike(c!.id, "r1")).toBe(1);
      expect(await store.unlike(c!.id, "r1")).toBe(1);
      expect(await store.unlike(c!.id, "never-liked")).toBe(1);
      expect((await store.getComment(c!.id))!.likes).toBe(1);
    });

    it("does not like what readers cannot see", async () => {
      const pending = await store.createComment(comment({ status: "pending" }));
      expect(await store.like(pending.id, "r1")).toBeUndefined();
      expect(await store.like("999999", "r1")).toBeUndefined();
      expect(await store.unlike("abc", "r1")).toBeUndefined();
    });

    it("counts published comments with their replies, and distinct participants", async () => {
      const [a, b] = await seed(3);
      await store.createComment(comment({ parentId: a!.id, readerId: "reader-0", text: "own reply" }));
      await store.createComment(comment({ parentId: b!.id, readerId: "reader-9", text: "new voice" }));
      await store.createComment(comment({ status: "pending", readerId: "reader-pending" }));
      await store.createComment(comment({ slug: "report-b", readerId: "reader-0" }));
      const counts = await store.countComments(["report-a", "report-b", "report-c"]);
      expect(counts.get("report-a")).toEqual({ comments: 5, participants: 4 });
      expect(counts.get("report-b")).toEqual({ comments: 1, participants: 1 });
      expect(counts.get("report-c")).toEqual({ comments: 0, participants: 0 });
      expect((await store.countComments([])).size).toBe(0);
    });

    it("sums up one report for its list in one call: the same counts, and whether the console closed it", async () => {
      const [a] = await seed(2);
      await store.createComment(comment({ parentId: a!.id, readerId: "reader-0", text: "own reply" }));
      await store.createComment(comment({ parentId: a!.id, readerId: "reader-7", text: "hidden reply", status: "hidden" }));
      await store.createComment(comment({ slug: "report-b", readerId: "reader-5" }));
      expect(await store.threadSummary("report-a")).toEqual({ comments: 3, participants: 2, closed: false });
      expect(await store.threadSummary("report-c")).toEqual({ comments: 0, participants: 0, closed: false });
      await store.setReportClosed("report-a", true, "编辑甲", new Date(base));
      expect(await store.threadSummary("report-a")).toEqual({ comments: 3, participants: 2, closed: true });
      expect(await store.threadSummary("report-b")).toEqual({ comments: 1, participants: 1, closed: false });
      await store.setReportClosed("report-a", false, "编辑甲", new Date(base + 1));
      expect((await store.threadSummary("report-a")).closed).toBe(false);
    });

    it("moves comments through moderation states", async () => {
      const pending = await store.createComment(comment({ status: "pending", text: "wait for me" }));
      const listed = async () => (await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10 })).threads.map((t) => t.id);
      expect(await listed()).toEqual([]);
      expect((await store.listByStatus("pending", 10)).map((c) => c.id)).toEqual([pending.id]);

      expect((await store.setStatus(pending.id, "published"))!.status).toBe("published");
      expect(await listed()).toEqual([pending.id]);
      expect(await store.listByStatus("pending", 10)).toEqual([]);

      const reply = await store.createComment(comment({ parentId: pending.id, text: "a reply" }));
      await store.setStatus(pending.id, "hidden");
      expect(await listed()).toEqual([]);
      expect((await store.countComments(["report-a"])).get("report-a")!.comments).toBe(0);
      expect((await store.listByStatus("hidden", 10)).map((c) => c.id)).toEqual([pending.id]);

      await store.setStatus(pending.id, "published");
      expect(await store.deleteComment(pending.id)).toBe(true);
      expect(await store.getComment(reply.id)).toBeUndefined();
      expect(await store.deleteComment(pending.id)).toBe(false);
      expect(await store.setStatus(pending.id, "hidden")).toBeUndefined();
    });

    describe("moderation", () => {
      it("keeps moderator accounts by unique name, and sessions until they expire or end", async () => {
        expect(await store.countModerators()).toBe(0);
        const editor = await store.createModerator("编辑甲", "scrypt$hash", new Date(base));
        await expect(store.createModerator("编辑甲", "other", new Date(base))).rejects.toBeInstanceOf(ModeratorExistsError);
        expect(await store.countModerators()).toBe(1);
        expect(await store.findModerator("编辑甲")).toEqual({ id: editor.id, name: "编辑甲", passwordHash: "scrypt$hash" });
        expect(await store.findModerator("nobody")).toBeUndefined();
        await store.createSession("session-hash", editor.id, new Date(base), new Date(base + 3_600_000));
        expect((await store.findSession("session-hash", new Date(base + 1000)))?.moderator).toEqual({ id: editor.id, name: "编辑甲" });
        expect(await store.findSession("session-hash", new Date(base + 3_600_000))).toBeUndefined();
        expect(await store.findSession("other-hash", new Date(base))).toBeUndefined();
        await store.deleteSession("session-hash");
        expect(await store.findSession("session-hash", new Date(base + 1000))).toBeUndefined();
      });

      it("lists a queue newest first, by report and text, in pages", async () => {
        await seed(5, { status: "pending" });
        await store.createComment(comment({ slug: "report-b", status: "pending", text: "Another REPORT 100%", createdAt: new Date(base + 10 * 60_000) }));
        await store.createComment(comment({ status: "published", text: "not pending", readerId: "x" }));
        const page1 = await store.listQueue({ status: "pending", offset: 0, limit: 4 });
        expect(page1.comments.map((c) => c.text)).toEqual(["Another REPORT 100%", "comment 4", "comment 3", "comment 2"]);
        expect(page1.hasMore).toBe(true);
        const page2 = await store.listQueue({ status: "pending", offset: 4, limit: 4 });
        expect(page2.comments.map((c) => c.text)).toEqual(["comment 1", "comment 0"]);
        expect(page2.hasMore).toBe(false);
        expect((await store.listQueue({ status: "pending", slug: "report-b", offset: 0, limit: 10 })).comments.map((c) => c.slug)).toEqual(["report-b"]);
        expect((await store.listQueue({ status: "pending", search: "report 100%", offset: 0, limit: 10 })).comments).toHaveLength(1);
        // LIKE wildcards in the search are taken literally.
        expect((await store.listQueue({ status: "pending", search: "_", offset: 0, limit: 10 })).comments).toHaveLength(0);
      });

      it("applies an action to the comments it fits, and audits each change in the same step", async () => {
        const [a, b, c] = await seed(3, { status: "pending" });
        const published = await store.createComment(comment({ text: "already out", readerId: "p" }));
        const results = await store.moderate([a!.id, b!.id, published.id, "999999", "not-an-id"], "approve", "编辑甲", new Date(base + 1));
        expect(results.map((r) => [r.id, r.before, r.after])).toEqual(expect.arrayContaining([[a!.id, "pending", "published"], [b!.id, "pending", "published"]]));
        expect(results).toHaveLength(2);
        expect((await store.moderate([a!.id], "hide", "编辑甲", new Date(base + 2))).map((r) => r.after)).toEqual(["hidden"]);
        expect((await store.moderate([a!.id], "restore", "编辑甲", new Date(base + 3))).map((r) => r.after)).toEqual(["published"]);
        expect(await store.moderate([c!.id], "restore", "编辑甲", new Date(base + 4))).toEqual([]);
        expect((await store.moderate([c!.id], "delete", "编辑甲", new Date(base + 5))).map((r) => r.after)).toEqual(["deleted"]);
        expect(await store.getComment(c!.id)).toBeUndefined();
        const { entries } = await store.listAudit(0, 10);
        expect(entries.map((e) => [e.action, e.statusBefore, e.statusAfter, e.moderator])).toEqual([
          ["delete", "pending", "deleted", "编辑甲"],
          ["restore", "hidden", "published", "编辑甲"],
          ["hide", "published", "hidden", "编辑甲"],
          expect.arrayContaining(["approve"]),
          expect.arrayContaining(["approve"]),
        ]);
        expect((await store.listAudit(4, 10)).hasMore).toBe(false);
      });

      it("stores an official reply with its flag and audit row", async () => {
        const parent = await store.createComment(comment());
        const reply = await store.createComment(
          comment({ parentId: parent.id, text: "官方回复内容", readerId: "moderator:1", official: true }),
          { audit: { moderator: "编辑甲", action: "official-reply" } },
        );
        expect(reply.official).toBe(true);
        expect(parent.official).toBe(false);
        const { threads } = await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10 });
        expect(threads[0]!.replies.map((r) => r.official)).toEqual([true]);
        expect((await store.listAudit(0, 10)).entries.map((e) => [e.action, e.commentId])).toEqual([["official-reply", reply.id]]);
      });

      it("bans a comment's author by reader id and address, hides their pending comments, and lifts the ban", async () => {
        const spam = await store.createComment(comment({ readerId: "bad", ipHash: "addr-bad", status: "pending", text: "spam 1" }));
        const sameAddress = await store.createComment(comment({ readerId: "bad-2", ipHash: "addr-bad", status: "pending", text: "spam 2" }));
        const bystander = await store.createComment(comment({ readerId: "good", ipHash: "addr-good", status: "pending", text: "fine" }));
        const now = new Date(base + 1000);
        const banned = await store.banAuthor(spam.id, new Date(base + 86_400_000), "编辑甲", now);
        expect(banned?.hidden).toBe(2);
        expect((await store.getComment(sameAddress.id))?.status).toBe("hidden");
        expect((await store.getComment(bystander.id))?.status).toBe("pending");
        expect(await store.isBanned("bad", null, now)).toBe(true);
        expect(await store.isBanned("someone-else", "addr-bad", now)).toBe(true);
        expect(await store.isBanned("good", "addr-good", now)).toBe(false);
        expect(await store.isBanned("bad", null, new Date(base + 86_400_001))).toBe(false);
        expect((await store.listBans(now)).map((b) => [b.id, b.byReader, b.byAddress])).toEqual([[banned!.ban.id, true, true]]);
        expect(await store.liftBan(banned!.ban.id, "编辑甲", now)).toBe(true);
        expect(await store.liftBan(banned!.ban.id, "编辑甲", now)).toBe(false);
        expect(await store.isBanned("bad", null, new Date(base + 2000))).toBe(false);
        const forever = await store.banAuthor(spam.id, null, "编辑甲", now);
        expect(forever?.ban.until).toBeNull();
        expect(await store.isBanned("bad", null, new Date(base + 1000 * 86_400_000))).toBe(true);
        expect(await store.banAuthor("999999", null, "编辑甲", now)).toBeUndefined();
        expect((await store.listAudit(0, 20)).entries.map((e) => e.action)).toEqual(expect.arrayContaining(["ban", "hide", "lift-ban"]));
      });

      it("keeps bans and closed reports across comment writes, and hears every change to them at once, from any instance", async () => {
        const second = await openSecond();
        const author = await store.createComment(comment({ readerId: "bad", ipHash: "addr-bad", text: "spam" }));
        const now = new Date(base + 1000);
        // Asked (and kept) on both instances, with comment writes in between.
        for (const s of [store, second]) {
          expect(await s.isBanned("bad", null, now)).toBe(false);
          expect(await s.isReportClosed("report-a")).toBe(false);
          await s.createComment(comment({ readerId: "other", text: `between ${s === store}` }));
        }
        const banned = await second.banAuthor(author.id, new Date(base + 60_000), "编辑甲", now);
        for (const s of [store, second]) {
          expect(await s.isBanned("bad", null, now)).toBe(true);
          expect(await s.isBanned("new-id", "addr-bad", now)).toBe(true);
          expect(await s.isBanned("someone", "addr-ok", now)).toBe(false);
          // A ban that has run out is over, though nothing was written.
          expect(await s.isBanned("bad", "addr-bad", new Date(base + 60_001))).toBe(false);
        }
        await store.liftBan(banned!.ban.id, "编辑甲", new Date(base + 2000));
        for (const s of [store, second]) expect(await s.isBanned("bad", "addr-bad", new Date(base + 3000))).toBe(false);
        await store.setReportClosed("report-a", true, "编辑甲", now);
        for (const s of [store, second]) expect(await s.isReportClosed("report-a")).toBe(true);
        await second.setReportClosed("report-a", false, "编辑甲", now);
        for (const s of [store, second]) expect(await s.isReportClosed("report-a")).toBe(false);
        // Asked about an earlier moment than the kept set was read at (a clock set back): still right.
        const forever = await store.banAuthor(author.id, null, "编辑甲", new Date(base + 5000));
        expect(forever).toBeDefined();
        expect(await store.isBanned("bad", null, new Date(base + 10_000))).toBe(true);
        const early = await store.banAuthor(author.id, new Date(base + 2), "编辑甲", new Date(base + 1));
        expect(early).toBeDefined();
        await store.liftBan(forever!.ban.id, "编辑甲", new Date(base + 6000));
        expect(await store.isBanned("bad", null, new Date(base + 7000))).toBe(false);
        expect(await store.isBanned("bad", null, new Date(base + 1))).toBe(true);
      });

      it("hears bans and closed reports another process writes, and their end", async () => {
        const now = new Date(base + 1000);
        expect(await store.isBanned("elsewhere", null, now)).toBe(false);
        expect(await store.isReportClosed("report-b")).toBe(false);
        await store.createComment(comment({ text: "a write of our own" }));
        await writeElsewhere("INSERT INTO bans (reader_id, ip_hash, until, created_at, moderator) VALUES (?, ?, ?, ?, ?)", ["elsewhere", null, null, new Date(base), "psql"]);
        await eventually(async () => expect(await store.isBanned("elsewhere", null, now)).toBe(true));
        await writeElsewhere("UPDATE bans SET until = ? WHERE reader_id = ?", [new Date(base + 500), "elsewhere"]);
        await eventually(async () => expect(await store.isBanned("elsewhere", null, now)).toBe(false));
        await writeElsewhere("INSERT INTO closed_reports (slug, closed_at, moderator) VALUES (?, ?, ?)", ["report-b", new Date(base), "psql"]);
        await eventually(async () => expect(await store.isReportClosed("report-b")).toBe(true));
        await writeElsewhere("DELETE FROM closed_reports WHERE slug = ?", ["report-b"]);
        await eventually(async () => expect(await store.isReportClosed("report-b")).toBe(false));
      });

      it("closes and reopens a report's comments, audited once per change", async () => {
        expect(await store.isReportClosed("report-a")).toBe(false);
        await store.setReportClosed("report-a", true, "编辑甲", new Date(base));
        await store.setReportClosed("report-a", true, "编辑甲", new Date(base));
        expect(await store.isReportClosed("report-a")).toBe(true);
        expect(await store.listClosedReports()).toEqual(["report-a"]);
        await store.setReportClosed("report-a", false, "编辑甲", new Date(base + 1));
        expect(await store.isReportClosed("report-a")).toBe(false);
        expect((await store.listAudit(0, 10)).entries.map((e) => e.action)).toEqual(["reopen", "close"]);
      });
    });

    it("refuses the same text from the same reader (id or IP hash) inside the window only", async () => {
      const since = new Date(base - 10 * 60_000);
      await store.createComment(comment({ text: "spam", readerId: "r1", ipHash: "ip-1" }));
      await expect(store.createComment(comment({ text: "spam", readerId: "r1" }), { rejectDuplicatesSince: since })).rejects.toBeInstanceOf(CommentDuplicateError);
      await expect(store.createComment(comment({ text: "spam", readerId: "r2", ipHash: "ip-1" }), { rejectDuplicatesSince: since })).rejects.toBeInstanceOf(
        CommentDuplicateError,
      );
      await expect(store.createComment(comment({ text: "spam", readerId: "r3" }), { rejectDuplicatesSince: since })).resolves.toMatchObject({ text: "spam" });
      await expect(store.createComment(comment({ text: "other text", readerId: "r1" }), { rejectDuplicatesSince: since })).resolves.toBeDefined();
      await expect(store.createComment(comment({ text: "spam", readerId: "r1" }), { rejectDuplicatesSince: new Date(base + 1) })).resolves.toBeDefined();
    });

    it("holds each key to its own rules in one decision", async () => {
      const checks = [
        { key: "reader", rules: [{ limit: 5, windowMs: 60_000 }] },
        { key: "report", rules: [{ limit: 2, windowMs: 60_000 }] },
      ];
      expect((await store.hitRateLimit(checks, 0)).allowed).toBe(true);
      expect((await store.hitRateLimit(checks, 1)).allowed).toBe(true);
      expect(await store.hitRateLimit(checks, 2)).toEqual({ allowed: false, retryAfterSeconds: 60 });
      // The refused attempt recorded nothing for the reader: three more fit under its own limit.
      for (let t = 3; t < 6; t++) expect((await store.hitRateLimit([checks[0]!], t)).allowed).toBe(true);
      expect((await store.hitRateLimit([checks[0]!], 6)).allowed).toBe(false);
    });

    it("limits by sliding windows over every key, counting only allowed events", async () => {
      const perMinute = [{ limit: 2, windowMs: 60_000 }];
      expect(await store.hitRateLimit(sameRules(["r", "ip"], perMinute), 0)).toEqual({ allowed: true });
      expect(await store.hitRateLimit(sameRules(["r"], perMinute), 10_000)).toEqual({ allowed: true });
      expect(await store.hitRateLimit(sameRules(["r"], perMinute), 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
      // "ip" has one event; a new reader on that IP is allowed once more, then the IP is full.
      expect(await store.hitRateLimit(sameRules(["r2", "ip"], perMinute), 20_000)).toEqual({ allowed: true });
      expect((await store.hitRateLimit(sameRules(["r3", "ip"], perMinute), 20_001)).allowed).toBe(false);
      expect(await store.hitRateLimit(sameRules(["r"], perMinute), 60_001)).toEqual({ allowed: true });
      expect(await store.hitRateLimit(sameRules(["r"], [{ limit: 0, windowMs: 60_000 }]), 60_002)).toEqual({ allowed: true });
    });

    it("takes a write's rate limits in the write's own transaction: a refused write stores nothing, a refused duplicate still counts", async () => {
      const take = (key: string, limit: number, now: number) => ({ rateLimit: { checks: sameRules([key], [{ limit, windowMs: 60_000 }]), now } });
      const first = await store.createComment(comment({ text: "a" }), { ...take("w", 2, 0), rejectDuplicatesSince: new Date(base - 1) });
      await expect(store.createComment(comment({ text: "a" }), { ...take("w", 2, 1), rejectDuplicatesSince: new Date(base - 1) })).rejects.toBeInstanceOf(CommentDuplicateError);
      // The duplicate's attempt counted: the limit of 2 is reached.
      await expect(store.createComment(comment({ text: "b" }), take("w", 2, 2))).rejects.toMatchObject({ name: "CommentRateLimitedError", retryAfterSeconds: 60 });
      expect((await store.countComments(["report-a"])).get("report-a")!.comments).toBe(1);
      expect(await store.like(first.id, "liker-1", null, take("l", 1, 0))).toBe(1);
      await expect(store.like(first.id, "liker-2", null, take("l", 1, 1))).rejects.toMatchObject({ name: "CommentRateLimitedError" });
      await expect(store.unlike(first.id, "liker-1", take("l", 1, 2))).rejects.toMatchObject({ name: "CommentRateLimitedError" });
      expect((await store.getComment(first.id))!.likes).toBe(1);
      // Concurrent writes through two instances pass exactly as often as the limit allows.
      const second = await openSecond();
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? store : second).createComment(comment({ text: `burst ${i}`, readerId: `r${i}` }), take("busy", 3, 1_000 + i))),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
      expect((await store.countComments(["report-a"])).get("report-a")!.comments).toBe(4);
    });

    it("counts posts from their rows (writing no rate event for them), deleted, hidden and pending ones and probes' events too, across instances", async () => {
      const checks = (readerId: string, ipHash: string, slug = "report-a"): RateCheck[] => [
        { key: `c:r:${readerId}`, rules: [{ limit: 6, windowMs: 60_000 }], rows: { column: "reader_id", value: readerId } },
        { key: `c:a:${ipHash}`, rules: [{ limit: 5, windowMs: 60_000 }], rows: { column: "ip_hash", value: ipHash } },
        { key: `report:${slug}`, rules: [{ limit: 9, windowMs: 60_000 }], rows: { column: "slug", value: slug } },
      ];
      const post = (on: CommentStore, t: number, overrides: Partial<NewComment> = {}) =>
        on.createComment(comment({ text: `t${t}`, readerId: "rx", ipHash: "ipx", createdAt: new Date(base + t), ...overrides }), {
          rateLimit: { checks: checks(overrides.readerId ?? "rx", overrides.ipHash ?? "ipx", overrides.slug), now: base + t },
          rejectDuplicatesSince: new Date(base + t - 600_000),
        });
      const second = await openSecond();
      const a = await post(store, 0);
      await post(second, 1, { parentId: a.id, status: "pending" });
      const c = await post(store, 2);
      // A refused duplicate stores no row but keeps its event.
      await expect(post(second, 3, { text: "t2" })).rejects.toBeInstanceOf(CommentDuplicateError);
      // Deleting a thread deletes its reply; hiding keeps the row.
      await store.moderate([a.id], "delete", "编辑甲", new Date(base + 4));
      await second.moderate([c.id], "hide", "编辑甲", new Date(base + 4));
      // The stored posts wrote no event under the reader's key: only the duplicate's is there (a limit of 2 lets one more in, which counts too).
      expect((await store.hitRateLimit(sameRules(["c:r:rx"], [{ limit: 2, windowMs: 60_000 }]), base + 5)).allowed).toBe(true);
      expect((await store.hitRateLimit(sameRules(["c:r:rx"], [{ limit: 2, windowMs: 60_000 }]), base + 5)).allowed).toBe(false);
      // A word-rule probe (an event, nothing stored).
      expect(await second.hitRateLimit(checks("rx", "ipx"), base + 6)).toEqual({ allowed: true });
      // Deleted (and its reply), hidden, refused duplicate, probe, and the reader's extra event: six of six for the reader,
      // five of five for the address (another reader there is refused too); the oldest leaves the window at base + 60 s.
      await expect(post(store, 10_000)).rejects.toMatchObject({ name: "CommentRateLimitedError", retryAfterSeconds: 50 });
      await expect(post(second, 10_001, { readerId: "ry" })).rejects.toMatchObject({ name: "CommentRateLimitedError" });
      // The report counts the same five as the address (limit 9); an official reply does not count, other readers' posts do.
      await store.createComment(comment({ text: "官方回复", readerId: "moderator:1", official: true, createdAt: new Date(base + 10_002) }));
      for (let i = 0; i < 4; i++) await post(i % 2 ? store : second, 10_003 + i, { readerId: `r${i}`, ipHash: `ip${i}` });
      await expect(post(store, 10_010, { readerId: "rz", ipHash: "ipz" })).rejects.toMatchObject({ name: "CommentRateLimitedError" });
      await expect(post(store, 10_011, { readerId: "rz", ipHash: "ipz", slug: "report-b" })).resolves.toBeDefined();
      // Once the window has passed, the reader may post again.
      await expect(post(second, 60_001)).resolves.toMatchObject({ text: "t60001" });
    });

    it("decides posts sent together (one write group) as one after another: duplicates by reader and by address refused, every attempt counted", async () => {
      const checks = (readerId: string, ipHash: string): RateCheck[] => [
        { key: `c:r:${readerId}`, rules: [{ limit: 2, windowMs: 60_000 }], rows: { column: "reader_id", value: readerId } },
        { key: `c:a:${ipHash}`, rules: [{ limit: 2, windowMs: 60_000 }], rows: { column: "ip_hash", value: ipHash } },
      ];
      const post = (t: number, readerId: string, ipHash: string, text: string) =>
        store.createComment(comment({ text, readerId, ipHash, createdAt: new Date(base + t) }), {
          rateLimit: { checks: checks(readerId, ipHash), now: base + t },
          rejectDuplicatesSince: new Date(base + t - 600_000),
        });
      // Queued in one turn of the event loop: one group, the inserts sent together.
      const results = await Promise.allSettled([
        post(0, "ra", "ip1", "same"),
        post(1, "ra", "ip2", "same"),
        post(2, "rb", "ip1", "same"),
        post(3, "rc", "ip3", "same"),
        post(4, "ra", "ip4", "other"),
        post(5, "ra", "ip5", "third"),
      ]);
      expect(results.map((r) => (r.status === "fulfilled" ? r.value.text : (r.reason as Error).name))).toEqual([
        "same",
        "CommentDuplicateError",
        "CommentDuplicateError",
        "same",
        // ra's refused duplicate counted: its third attempt is over the limit of 2 a minute.
        "CommentRateLimitedError",
        "CommentRateLimitedError",
      ]);
      expect((await store.countComments(["report-a"])).get("report-a")!.comments).toBe(2);
    });

    it("lets concurrent attempts past a limit exactly as often as the limit allows", async () => {
      const second = await openSecond();
      const rules = [{ limit: 3, windowMs: 60_000 }];
      const decisions = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? store : second).hitRateLimit(sameRules(["busy-reader"], rules), 1_000 + i)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    });

    it("shows one store's writes through a second store at once (another instance)", async () => {
      const second = await openSecond();
      const list = async () => (await second.listComments({ slug: "report-a", sort: "hot", offset: 0, limit: 10 })).threads.map((t) => [t.text, t.likes]);
      const count = async () => (await second.countComments(["report-a"])).get("report-a")!.comments;
      expect(await list()).toEqual([]);
      expect(await count()).toBe(0);
      const first = await store.createComment(comment({ text: "one" }));
      expect(await list()).toEqual([["one", 0]]);
      expect(await count()).toBe(1);
      await store.like(first.id, "someone");
      expect(await list()).toEqual([["one", 1]]);
      await store.setStatus(first.id, "hidden");
      expect(await list()).toEqual([]);
      await second.setStatus(first.id, "published");
      expect(await list()).toEqual([["one", 1]]);
      await store.deleteComment(first.id);
      expect(await count()).toBe(0);
    });

    it("counts concurrent likes from two stores once per reader", async () => {
      const second = await openSecond();
      const [c] = await seed(1);
      const readers = ["r1", "r2", "r3"];
      await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? store : second).like(c!.id, readers[i % 3]!)));
      expect((await store.getComment(c!.id))!.likes).toBe(3);
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? store : second).unlike(c!.id, "r1")));
      expect((await second.getComment(c!.id))!.likes).toBe(2);
    });

    it("takes a double submit through two stores at once only once", async () => {
      const second = await openSecond();
      const since = new Date(base - 60_000);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? store : second).createComment(comment({ text: "twice", readerId: "double" }), { rejectDuplicatesSince: since })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(CommentDuplicateError);
    });

    it("keeps the reply cap when two stores take replies to one thread at once", async () => {
      const second = await openSecond();
      const [parent] = await seed(1);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? store : second).createComment(comment({ parentId: parent!.id, text: `r${i}`, readerId: `r${i}` }), { maxRepliesPerThread: 3 })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(CommentThreadFullError);
    });

    it("keeps word rules, changes an entry's action, removes entries, and moves the version with every change", async () => {
      const v0 = await store.wordRulesVersion();
      expect(await store.saveWordRules([{ word: "违规词", action: "reject" }, { word: "广告", action: "hold" }])).toEqual({ added: 2, changed: 0 });
      const v1 = await store.wordRulesVersion();
      expect(v1).not.toBe(v0);
      expect(await store.listWordRules()).toEqual([{ word: "广告", action: "hold" }, { word: "违规词", action: "reject" }].sort((a, b) => (a.word < b.word ? -1 : 1)));
      // The same list again changes nothing, not even the version.
      expect(await store.saveWordRules([{ word: "广告", action: "hold" }])).toEqual({ added: 0, changed: 0 });
      expect(await store.wordRulesVersion()).toBe(v1);
      expect(await store.saveWordRules([{ word: "广告", action: "reject" }])).toEqual({ added: 0, changed: 1 });
      expect(await store.removeWordRules(["违规词", "not there"])).toBe(1);
      expect(await store.listWordRules()).toEqual([{ word: "广告", action: "reject" }]);
      // Another instance sees the change through the version.
      const second = await openSecond();
      expect(await second.wordRulesVersion()).toBe(await store.wordRulesVersion());
      expect(await second.wordRulesVersion()).not.toBe(v1);
    });

    it("saves a list of 10,000 word rules in one call", async () => {
      const rules = Array.from({ length: 10_000 }, (_, i) => ({ word: `词${i}`, action: i % 10 === 0 ? ("hold" as const) : ("reject" as const) }));
      expect(await store.saveWordRules(rules)).toEqual({ added: 10_000, changed: 0 });
      expect(await store.listWordRules()).toHaveLength(10_000);
    });

    it("takes one report per reader and per address, and hides the comment at the threshold until a moderator decides", async () => {
      const [target] = await seed(1);
      const report = (readerId: string, addressHash: string | null, reason: "spam" | "abuse" = "spam") =>
        store.reportComment({ commentId: target!.id, readerId, addressHash, reason, createdAt: new Date(base + 1000) }, 3);
      expect(await report("a", "ip-a")).toEqual({ accepted: true, openReports: 1, hiddenByReports: false });
      expect(await report("a", "ip-z")).toEqual({ accepted: false, openReports: 1, hiddenByReports: false });
      expect(await report("b", "ip-a")).toEqual({ accepted: false, openReports: 1, hiddenByReports: false });
      expect(await report("b", null, "abuse")).toEqual({ accepted: true, openReports: 2, hiddenByReports: false });
      expect((await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10 })).threads).toHaveLength(1);
      expect(await report("c", "ip-c")).toEqual({ accepted: true, openReports: 3, hiddenByReports: true });
      expect((await store.getComment(target!.id))?.status).toBe("hidden");
      expect((await store.listComments({ slug: "report-a", sort: "new", offset: 0, limit: 10 })).threads).toHaveLength(0);
      // Hidden comments cannot be reported further.
      expect(await report("d", "ip-d")).toBeUndefined();
      const [reported] = await store.listReportedComments(10);
      expect(reported).toMatchObject({ openReports: 3, reasons: { spam: 2, abuse: 1, illegal: 0, other: 0 }, hiddenByReports: true });
      expect(reported!.comment.id).toBe(target!.id);
      // Dismissing publishes it again, and the same readers cannot report it again.
      expect((await store.dismissReports(target!.id))?.status).toBe("published");
      expect(await store.listReportedComments(10)).toEqual([]);
      expect(await report("a", "ip-a")).toEqual({ accepted: false, openReports: 0, hiddenByReports: false });
      expect(await store.reportComment({ commentId: "999999", readerId: "x", addressHash: null, reason: "other", createdAt: new Date(base) }, 3)).toBeUndefined();
    });

    it("says a moderator's hide is not the reports' own", async () => {
      const [target] = await seed(1);
      await store.reportComment({ commentId: target!.id, readerId: "a", addressHash: null, reason: "illegal", createdAt: new Date(base) }, 1);
      expect((await store.listReportedComments(10))[0]!.hiddenByReports).toBe(true);
      await store.setStatus(target!.id, "hidden");
      expect((await store.listReportedComments(10))[0]!.hiddenByReports).toBe(false);
      // Dismissing reports on a comment a moderator hid leaves it hidden.
      expect((await store.dismissReports(target!.id))?.status).toBe("hidden");
    });

    it("counts reports from two stores at once and hides once", async () => {
      const second = await openSecond();
      const [target] = await seed(1);
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? store : second).reportComment({ commentId: target!.id, readerId: `r${i}`, addressHash: `ip${i}`, reason: "spam", createdAt: new Date(base) }, 3)),
      );
      expect(outcomes.filter((o) => o?.hiddenByReports)).toHaveLength(1);
      expect(outcomes.filter((o) => o?.accepted)).toHaveLength(3);
    });

    it("exports every comment and imports them into an empty store with identical lists, once", async () => {
      const [a, b] = await seed(2, { nickname: "读者" });
      await store.createComment(comment({ parentId: a!.id, text: "回复 😀", readerId: "reader-9", createdAt: new Date(base + 5 * 60_000) }));
      await store.createComment(comment({ parentId: a!.id, text: "官方回复", readerId: "newsroom", official: true, createdAt: new Date(base + 5.5 * 60_000) }));
      await store.createComment(comment({ text: "pending", status: "pending", createdAt: new Date(base + 6 * 60_000) }));
      await store.like(b!.id, "x");
      await store.like(b!.id, "y");
      const exported = await store.exportComments("0", 2);
      exported.push(...(await store.exportComments(exported.at(-1)!.sourceId, 100)));
      expect(exported).toHaveLength(5);
      expect(exported.filter((c) => c.official).map((c) => c.text)).toEqual(["官方回复"]);

      const { store: empty, cleanup: cleanupEmpty } = await makeStore();
      try {
        expect(await empty.importComments("yangguang", exported)).toEqual({ imported: 5, alreadyImported: 0, orphans: [] });
        expect(await empty.importComments("yangguang", exported)).toEqual({ imported: 0, alreadyImported: 5, orphans: [] });
        const strip = (list: Awaited<ReturnType<CommentStore["listComments"]>>) =>
          list.threads.map(({ id: _id, parentId: _p, replies, ...rest }) => ({ ...rest, replies: replies.map(({ id: _i, parentId: _pp, ...r }) => r) }));
        for (const sort of ["hot", "new"] as const) {
          const query = { slug: "report-a", sort, offset: 0, limit: 10 };
          expect(strip(await empty.listComments(query))).toEqual(strip(await store.listComments(query)));
        }
        expect(await empty.countComments(["report-a"])).toEqual(await store.countComments(["report-a"]));
        const again = await empty.exportComments("0", 100);
        expect(again.map(({ sourceId: _s, parentSourceId: p, ...rest }) => ({ ...rest, reply: p !== null }))).toEqual(
          exported.map(({ sourceId: _s, parentSourceId: p, ...rest }) => ({ ...rest, reply: p !== null })),
        );
        // A reply whose parent is nowhere is left out and named.
        expect(await empty.importComments("other", [{ ...exported[2]!, sourceId: "x1", parentSourceId: "missing" }])).toEqual({ imported: 0, alreadyImported: 0, orphans: ["x1"] });
      } finally {
        await cleanupEmpty();
      }
    });
  });
}
