import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteCommentStore, openPostgresCommentStore } from "@/lib/comments/store/open-comment-store";
import type { CommentStore, CommentThread } from "@/lib/comments/store/comment-store";
import { slugOfWalineUrl } from "@/lib/comments/transfer/waline-import";
import { runCommentsCli } from "@/scripts/comments-cli";
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from "../postgres-test-db";

/**
 * `npm run comments -- words …`, `export` and `import` through the CLI with the
 * site's own settings (COMMENTS_DB, or DATABASE_URL), on SQLite and (when
 * TEST_DATABASE_URL is set) PostgreSQL.
 */
const SLUG = "chengyang-rule-of-law";
const SECRET = "transfer-test-secret-0123456789abcdefgh";
const FIXTURE = path.join(__dirname, "..", "fixtures", "waline-export.json");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-transfer-"));
const schemas: TestSchema[] = [];
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await schema.drop();
});

interface Backend {
  env: Record<string, string>;
  open: () => CommentStore;
  /** Everything stored, as text, to look for what must not be there. */
  dump: () => Promise<string>;
}

let n = 0;
const backends: [string, () => Promise<Backend>][] = [
  [
    "sqlite",
    async () => {
      const file = path.join(dir, `c-${n++}.db`);
      return {
        env: { COMMENTS_DB: file, COMMENTS_SECRET: SECRET },
        open: () => openSqliteCommentStore(file),
        dump: async () => {
          const Database = (await import("better-sqlite3")).default;
          const db = new Database(file, { readonly: true });
          const rows = ["comments", "comment_likes", "comment_sources"].map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all()));
          db.close();
          return rows.join("\n");
        },
      };
    },
  ],
];
if (TEST_DATABASE_URL) {
  backends.push([
    "postgres",
    async () => {
      const schema = await createTestSchema();
      schemas.push(schema);
      return {
        env: { DATABASE_URL: schema.url, COMMENTS_SECRET: SECRET, COMMENTS_SECRET_FILE: path.join(dir, "unused.key") },
        open: () => openPostgresCommentStore({ connectionString: TEST_DATABASE_URL!, schema: schema.schema, poolSize: 2 }),
        dump: async () => {
          const store = openPostgresCommentStore({ connectionString: TEST_DATABASE_URL!, schema: schema.schema, poolSize: 1 });
          const all = await store.exportComments("0", 1000);
          await store.close();
          const pg = (await import("pg")).default;
          const client = new pg.Client({ connectionString: schema.url });
          await client.connect();
          const rows = await client.query("SELECT * FROM comments");
          await client.end();
          return JSON.stringify(all) + JSON.stringify(rows.rows);
        },
      };
    },
  ]);
}

async function cli(args: string[], env: Record<string, string>, files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let written = "";
  const code = await runCommentsCli(args, {
    env,
    fetch,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    write: (chunk) => (written += chunk),
    readFile: (name) => files[name] ?? fs.readFileSync(name, "utf8"),
  });
  return { code, out: out.join("\n"), err: err.join("\n"), written };
}

async function listOf(store: CommentStore): Promise<CommentThread[]> {
  return (await store.listComments({ slug: SLUG, sort: "new", offset: 0, limit: 100, replyPreview: 100 })).threads;
}

function withoutIds(threads: CommentThread[]) {
  return threads.map(({ id: _i, parentId: _p, replies, ...rest }) => ({ ...rest, replies: replies.map(({ id: _ri, parentId: _rp, ...r }) => r) }));
}

describe("which Waline page a comment belongs to", () => {
  const isReport = (slug: string) => slug === SLUG;
  it("matches the slug with or without a language prefix, /reports/, .html, a trailing slash, a host, a query", () => {
    for (const url of [`/${SLUG}`, `/zh/${SLUG}`, `/en/reports/${SLUG}.html`, `/reports/${SLUG}/`, `https://old.example.org/zh/reports/${SLUG}.html?x=1#c`, `${SLUG}.htm`]) {
      expect(slugOfWalineUrl(url, isReport), url).toBe(SLUG);
    }
  });
  it("skips other pages", () => {
    for (const url of ["/", "/about.html", `/zh/reports/${SLUG}/comments`, `/${SLUG}-2`, "", "%E0%A4%A"]) expect(slugOfWalineUrl(url, isReport), url).toBeUndefined();
  });
});

for (const [name, make] of backends) {
  describe(`export and import: ${name}`, () => {
    it("imports Waline's export: threads, replies (replies to replies join their thread), likes, statuses; skips other pages; once", async () => {
      const backend = await make();
      const first = await cli(["import", FIXTURE], backend.env);
      expect(first.err).toBe("");
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/^Imported 6 comments from a waline file; 0 were imported before; 2 skipped\./);
      expect(first.out).toMatch(/skipped 65a6: its page "\/about\.html" is not a published report/);
      expect(first.out).toMatch(/skipped 65a7: its page "\/about\.html" is not a published report/);
      const again = await cli(["import", FIXTURE], backend.env);
      expect(again.out).toMatch(/^Imported 0 comments from a waline file; 6 were imported before; 2 skipped\./);

      const store = backend.open();
      try {
        const threads = await listOf(store);
        expect(threads.map((t) => [t.nickname, t.text, t.likes])).toEqual([
          ["编辑部", "来自登录用户的评论", 3],
          ["老读者", "城阳的**法治报告**写得很扎实。\n第二行", 7],
        ]);
        expect(threads[1]!.createdAt.toISOString()).toBe("2025-01-05T08:00:00.000Z");
        expect(threads[1]!.replies.map((r) => [r.nickname, r.text, r.likes])).toEqual([
          ["Reader in English", "Agreed, a thorough report.", 2],
          ["老读者", "[@Reader in English](#65a2): 谢谢!", 0],
        ]);
        expect((await store.listByStatus("pending", 10)).map((c) => [c.nickname, c.text])).toEqual([[null, "等待审核的评论 <script>alert(1)</script>"]]);
        expect((await store.listByStatus("hidden", 10)).map((c) => c.text)).toEqual(["buy cheap things"]);
        // The same e-mail (any case) is one participant; 编辑部 and the English reader are two more.
        expect((await store.countComments([SLUG])).get(SLUG)).toEqual({ comments: 4, participants: 3 });
      } finally {
        await store.close();
      }
      // No address, e-mail, link or user agent is stored.
      const stored = await backend.dump();
      for (const secret of ["203.0.113.45", "2001:db8", "reader@example.com", "reader.example.com", "Mozilla", "notarealhash"]) expect(stored).not.toContain(secret);
    });

    it("exports to its versioned file, and importing that into an empty database gives identical lists; a second import adds nothing", async () => {
      const source = await make();
      await cli(["import", FIXTURE], source.env);
      const exported = await cli(["export"], source.env);
      expect(exported.code).toBe(0);
      expect(exported.err).toBe("Exported 6 comments.");
      const file = JSON.parse(exported.written) as { format: string; version: number; comments: unknown[] };
      expect(file).toMatchObject({ format: "yangguang-comments", version: 1 });
      expect(file.comments).toHaveLength(6);

      const target = await make();
      const imported = await cli(["import", "comments.json"], target.env, { "comments.json": exported.written });
      expect(imported.out).toBe("Imported 6 comments from a yangguang-comments file; 0 were imported before; 0 skipped.");
      expect((await cli(["import", "comments.json"], target.env, { "comments.json": exported.written })).out).toMatch(/^Imported 0 comments.*6 were imported before/);

      const [a, b] = [source.open(), target.open()];
      try {
        expect(withoutIds(await listOf(b))).toEqual(withoutIds(await listOf(a)));
        expect(await b.countComments([SLUG])).toEqual(await a.countComments([SLUG]));
        for (const status of ["pending", "hidden"] as const) {
          expect((await b.listByStatus(status, 10)).map(({ id: _id, ...rest }) => rest)).toEqual((await a.listByStatus(status, 10)).map(({ id: _id, ...rest }) => rest));
        }
      } finally {
        await a.close();
        await b.close();
      }
      // Exported again from the copy: the same file but for ids and the time of export.
      const strip = (text: string) => text.replace(/"exportedAt":"[^"]+"/, "").replace(/"(id|parentId)":"\d+"/g, '"$1":"#"');
      expect(strip((await cli(["export"], target.env)).written)).toBe(strip(exported.written));
    });

    it("refuses a file that is neither format, and a damaged one, naming the problem", async () => {
      const backend = await make();
      const files = { "x.json": '{"hello":1}', "bad.json": "{", "v2.json": '{"format":"yangguang-comments","version":2,"comments":[]}', "c.json": '{"format":"yangguang-comments","version":1,"comments":[{"id":"1"}]}' };
      expect((await cli(["import", "x.json"], backend.env, files)).err).toMatch(/not an export file/);
      expect((await cli(["import", "bad.json"], backend.env, files)).err).toMatch(/not JSON/);
      expect((await cli(["import", "v2.json"], backend.env, files)).err).toMatch(/unsupported yangguang-comments version 2/);
      const damaged = await cli(["import", "c.json"], backend.env, files);
      expect(damaged.code).toBe(1);
      expect(damaged.err).toMatch(/comment 1 \(id 1\)/);
      expect((await cli(["import", "missing.json"], backend.env)).err).toMatch(/cannot read missing\.json/);
    });

    it("imports a word list with counts and bad line numbers, and exports and lists it", async () => {
      const backend = await make();
      const list = "# 敏感词\n违规词\n广告\thold\n\n坏\t行\t多\n...\nspam\n";
      const imported = await cli(["words", "import", "words.txt"], backend.env, { "words.txt": list });
      expect(imported.out).toBe("Read 3 entries (2 reject, 1 hold): 3 new, 0 changed, 0 already there; 2 bad lines skipped.");
      expect(imported.err.split("\n")).toEqual([expect.stringMatching(/^words\.txt:5: more than one tab/), expect.stringMatching(/^words\.txt:6: the word has no letters/)]);
      expect(imported.code).toBe(1);
      const again = await cli(["words", "import", "words.txt"], backend.env, { "words.txt": "广告\n" });
      expect(again.out).toBe("Read 1 entries (1 reject, 0 hold): 0 new, 1 changed, 0 already there; 0 bad lines skipped.");
      expect(again.code).toBe(0);
      const exported = await cli(["words", "export"], backend.env);
      expect(exported.written.split("\n").sort()).toEqual(["", "spam", "广告", "违规词"].sort());
      expect((await cli(["words", "list"], backend.env)).out.split("\n").sort()).toEqual(["reject\tspam", "reject\t广告", "reject\t违规词"].sort());
      expect((await cli(["words", "remove"], backend.env)).code).toBe(2);
    });
  });
}
