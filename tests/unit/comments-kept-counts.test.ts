import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { COUNT_SPACING, KEEP_COUNTS_FROM, withReadCache } from "@/lib/comments/store/cached-comment-store";
import { KyselyCommentStore } from "@/lib/comments/store/kysely-comment-store";
import { sqliteDialect } from "@/lib/comments/store/sqlite-dialect";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kept-counts-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A real SQLite store behind the read cache, with a clock the test moves: each count read "takes" 10 ms. */
async function storeWith(reports: Record<string, number>) {
  const file = path.join(dir, `${n++}.db`);
  const dialect = sqliteDialect(file);
  const inner = new KyselyCommentStore(dialect);
  await inner.ready();
  const raw = new Database(file);
  const insert = raw.prepare("INSERT INTO comments (slug, parent_id, nickname, text, reader_id, ip_hash, status, created_at, official) VALUES (?, NULL, NULL, ?, ?, NULL, 'published', ?, 0)");
  raw.transaction(() => {
    for (const [slug, count] of Object.entries(reports)) for (let i = 0; i < count; i++) insert.run(slug, `seeded ${i}`, `reader-${i}`, 1_700_000_000_000 + i);
  })();
  raw.close();
  let now = 0;
  let countReads = 0;
  const summary = inner.threadSummary.bind(inner);
  inner.threadSummary = async (slug) => {
    countReads++;
    now += 10;
    return summary(slug);
  };
  /** Every report each countComments statement counted. */
  const counted: string[] = [];
  const countComments = inner.countComments.bind(inner);
  inner.countComments = async (slugs) => {
    counted.push(...slugs);
    now += 10;
    return countComments(slugs);
  };
  const store = withReadCache(inner, dialect.dataVersion, undefined, undefined, () => now);
  return {
    store,
    countReads: () => countReads,
    counted,
    advance: (ms: number) => void (now += ms),
    post: (slug: string, text: string) =>
      store.createComment({ slug, parentId: null, nickname: null, text, readerId: `poster-${text}`, ipHash: null, status: "published", createdAt: new Date() }),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("counts of a big report under writes", () => {
  it("are served from the last reading after a write, read again at most once in COUNT_SPACING times their cost, while the list itself is never behind", async () => {
    const { store, countReads, advance, post } = await storeWith({ big: KEEP_COUNTS_FROM });
    expect((await store.threadSummary("big")).comments).toBe(KEEP_COUNTS_FROM);
    expect(countReads()).toBe(1);

    await post("big", "first new");
    // The page shows the new comment at once; the count is the last reading, and no count is read for it.
    expect((await store.listComments({ slug: "big", sort: "new", offset: 0, limit: 20 })).threads[0]!.text).toBe("first new");
    expect((await store.threadSummary("big")).comments).toBe(KEEP_COUNTS_FROM);
    await post("big", "second new");
    expect((await store.threadSummary("big")).comments).toBe(KEEP_COUNTS_FROM);
    expect(countReads()).toBe(1);

    // Once COUNT_SPACING × 10 ms have passed, the next request still gets the kept reading at once and starts one read,
    // however many requests come meanwhile; the ones after it get the new count.
    advance(COUNT_SPACING * 10);
    const [a, b] = await Promise.all([store.threadSummary("big"), store.threadSummary("big")]);
    expect([a.comments, b.comments]).toEqual([KEEP_COUNTS_FROM, KEEP_COUNTS_FROM]);
    await settle();
    expect((await store.threadSummary("big")).comments).toBe(KEEP_COUNTS_FROM + 2);
    expect(countReads()).toBe(2);
    await store.close();
  });

  it("never keep the closed flag: a report closed from the console says so at once", async () => {
    const { store, post } = await storeWith({ big: KEEP_COUNTS_FROM });
    expect(await store.threadSummary("big")).toMatchObject({ comments: KEEP_COUNTS_FROM, closed: false });
    await post("big", "new");
    await store.setReportClosed("big", true, "editor", new Date());
    expect(await store.threadSummary("big")).toMatchObject({ comments: KEEP_COUNTS_FROM, closed: true });
    await store.close();
  });

  it("are read afresh after every write below KEEP_COUNTS_FROM comments", async () => {
    const { store, countReads, post } = await storeWith({ small: KEEP_COUNTS_FROM - 2 });
    expect((await store.threadSummary("small")).comments).toBe(KEEP_COUNTS_FROM - 2);
    await post("small", "one");
    expect((await store.threadSummary("small")).comments).toBe(KEEP_COUNTS_FROM - 1);
    await post("small", "two");
    expect((await store.threadSummary("small")).comments).toBe(KEEP_COUNTS_FROM);
    expect(countReads()).toBe(3);
    await store.close();
  });

  it("are counted once per report, not once per combination: a flood of count requests naming a big report beside new ones does not count it again", async () => {
    const small = Array.from({ length: 30 }, (_, i) => `small-${i}`);
    const { store, counted, post } = await storeWith({ big: KEEP_COUNTS_FROM, ...Object.fromEntries(small.map((slug) => [slug, 3])) });
    // What GET /api/comment-counts?slugs=big,small-N asks, 30 times with a new combination each time.
    const answers = await Promise.all(small.map((slug) => store.countComments(["big", slug])));
    expect(answers.map((counts) => counts.get("big")!.comments)).toEqual(small.map(() => KEEP_COUNTS_FROM));
    expect(answers.map((counts, i) => counts.get(small[i]!)!.comments)).toEqual(small.map(() => 3));
    // Before: one statement per combination, the big report counted in each (30 times).
    expect(counted.filter((slug) => slug === "big")).toHaveLength(1);
    for (const slug of small) expect(counted.filter((s) => s === slug)).toHaveLength(1);

    // After a write, a small report is counted afresh and exactly; the big one is served from its reading.
    await post("small-0", "new");
    expect((await store.countComments(["big", "small-0"])).get("small-0")!.comments).toBe(4);
    await Promise.all(small.map((slug) => store.countComments(["big", slug])));
    expect(counted.filter((slug) => slug === "big")).toHaveLength(1);
    await store.close();
  });
});
