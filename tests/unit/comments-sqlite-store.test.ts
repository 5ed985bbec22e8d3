import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sameRules } from "@/lib/comments/identity/rate-limiter";
import { afterAll, describe, expect, it, vi } from "vitest";
import { LEGACY_SCHEMA_VERSION as SQLITE_SCHEMA_VERSION, openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";
import { describeCommentStore } from "./comments-store-suite";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-store-"));
let n = 0;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function tempFile(): string {
  return path.join(dir, `store-${n++}`, "comments.db");
}

/** How SQLite plans a statement on this connection: EXPLAIN QUERY PLAN's lines. */
function queryPlan(raw: Database.Database, query: string, ...values: unknown[]): string {
  return raw
    .prepare(`EXPLAIN QUERY PLAN ${query}`)
    .all(...values)
    .map((row) => (row as { detail: string }).detail)
    .join("\n");
}

describeCommentStore("sqlite", async () => {
  const file = tempFile();
  const store = openSqliteCommentStore(file);
  const others: ReturnType<typeof openSqliteCommentStore>[] = [];
  return {
    store,
    // Another connection to the same file: what a second process sees.
    openSecond: async () => {
      const other = openSqliteCommentStore(file);
      others.push(other);
      return other;
    },
    cleanup: async () => {
      for (const other of others) await other.close();
      await store.close();
    },
    writeElsewhere: async (statement, parameters) => {
      const db = new Database(file);
      try {
        db.prepare(statement).run(parameters.map((value) => (value instanceof Date ? value.getTime() : value)));
      } finally {
        db.close();
      }
    },
  };
});

describe("sqlite comment store file", () => {
  it("creates the folder and schema on first open, in WAL mode, and keeps data across reopening", async () => {
    const file = tempFile();
    expect(fs.existsSync(file)).toBe(false);
    const store = openSqliteCommentStore(file);
    const created = await store.createComment({
      slug: "a",
      parentId: null,
      nickname: null,
      text: "kept",
      readerId: "r",
      ipHash: null,
      status: "published",
      createdAt: new Date(),
    });
    await store.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    expect(SQLITE_SCHEMA_VERSION).toBe(3);
    raw.close();

    const again = openSqliteCommentStore(file);
    expect((await again.getComment(created.id))?.text).toBe("kept");
    await again.close();
  });

  /** Undoes migration 3 on a fresh file, as a file written by the version-2 code looks (which kept no Kysely migration tables). */
  function downgradeToVersion2(raw: Database.Database) {
    raw.exec("DROP TABLE kysely_migration; DROP TABLE kysely_migration_lock");
    // Steps 10 and later (Kysely's alone) come off first.
    raw.exec("DROP INDEX comments_address_age; DROP INDEX comments_report_recent; DROP TABLE word_rules; DROP TABLE word_rules_version; DROP TABLE comment_reports; DROP TABLE comment_sources; DROP TABLE alert_events; DROP TABLE alert_channels; ALTER TABLE comments DROP COLUMN hidden_by_reports");
    raw.exec("DROP INDEX comment_likes_address; DROP INDEX comment_likes_address_age; ALTER TABLE comment_likes DROP COLUMN address_hash");
    raw.exec("CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
    // Step 4 (moderation) came after the previous release.
    raw.exec("DROP TABLE audit_log; DROP TABLE closed_reports; DROP TABLE bans; DROP TABLE moderator_sessions; DROP TABLE moderators; ALTER TABLE comments DROP COLUMN official");
  }

  it("upgrades a file from an older schema version on open, keeping its comments", async () => {
    const file = tempFile();
    const store = openSqliteCommentStore(file);
    const created = await store.createComment({ slug: "a", parentId: null, nickname: null, text: "old", readerId: "r", ipHash: null, status: "published", createdAt: new Date() });
    await store.close();
    // Make it look like a file written before rate limits lived in the database (version 1).
    const raw = new Database(file);
    downgradeToVersion2(raw);
    raw.exec("DROP TABLE rate_events");
    raw.pragma("user_version = 1");
    raw.close();

    const upgraded = openSqliteCommentStore(file);
    expect((await upgraded.getComment(created.id))?.text).toBe("old");
    expect(await upgraded.hitRateLimit(sameRules(["k"], [{ limit: 1, windowMs: 60_000 }]), 0)).toEqual({ allowed: true });
    expect((await upgraded.hitRateLimit(sameRules(["k"], [{ limit: 1, windowMs: 60_000 }]), 1)).allowed).toBe(false);
    await upgraded.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    check.close();
  });

  it("upgrading from version 2 clears the old salted IP hashes and drops the salt kept beside them", async () => {
    const file = tempFile();
    void (await openSqliteCommentStore(file).close());
    const raw = new Database(file);
    // A version-2 file: the salt in the database, sha256(salt + IP) on each comment.
    downgradeToVersion2(raw);
    raw.exec("INSERT INTO secrets VALUES ('ip_hash_salt', 'pepper')");
    raw.prepare("INSERT INTO comments (slug, nickname, text, reader_id, ip_hash, status, created_at) VALUES ('a', NULL, 'kept', 'r', 'deadbeef', 'published', 0)").run();
    raw.pragma("user_version = 2");
    raw.close();
    await openSqliteCommentStore(file).close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT text, ip_hash FROM comments").all()).toEqual([{ text: "kept", ip_hash: null }]);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'secrets'").all()).toEqual([]);
    check.close();
  });

  it("shows writes made through another connection (a second process) at once", async () => {
    const file = tempFile();
    const a = openSqliteCommentStore(file);
    const b = openSqliteCommentStore(file);
    const input = { slug: "a", parentId: null, nickname: null, readerId: "r", ipHash: null, status: "published" as const, createdAt: new Date() };
    const list = async () => (await b.listComments({ slug: "a", sort: "hot", offset: 0, limit: 10 })).threads.map((t) => [t.text, t.likes]);
    const count = async () => (await b.countComments(["a"])).get("a")!.comments;
    expect(await list()).toEqual([]);
    expect(await count()).toBe(0);
    const first = await a.createComment({ ...input, text: "one" });
    expect(await list()).toEqual([["one", 0]]);
    expect(await count()).toBe(1);
    await a.like(first.id, "someone");
    expect(await list()).toEqual([["one", 1]]);
    await a.setStatus(first.id, "hidden");
    expect(await list()).toEqual([]);
    await b.setStatus(first.id, "published");
    expect(await list()).toEqual([["one", 1]]);
    await a.deleteComment(first.id);
    expect(await count()).toBe(0);
    await a.close();
    await b.close();
  });

  it("reads a moderation queue newest first off comments_status, without sorting", async () => {
    const file = tempFile();
    await openSqliteCommentStore(file).close();
    const raw = new Database(file, { readonly: true });
    const plan = queryPlan(raw, `SELECT id FROM comments WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT 51 OFFSET 0`, "pending");
    expect(plan).toMatch(/USING (COVERING )?INDEX comments_status/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    raw.close();
  });

  it("sweeps old address pseudonyms through comments_address_age, which a rate read's bound on created_at cannot use", async () => {
    const file = tempFile();
    const store = openSqliteCommentStore(file);
    const prepare = vi.spyOn(Database.prototype, "prepare");
    await store.clearAddressHashes(new Date());
    const sweep = prepare.mock.calls.map(([text]) => String(text)).find((text) => text.startsWith('update "comments" set "ip_hash"'));
    prepare.mockRestore();
    await store.close();
    expect(sweep).toBeDefined();
    const raw = new Database(file, { readonly: true });
    const plan = (query: string, ...values: unknown[]) => queryPlan(raw, query, ...values);
    expect(plan(sweep!, null, Date.now())).toMatch(/USING INDEX comments_address_age/);
    expect(plan(`SELECT 1 FROM comments WHERE ip_hash IN (?, ?) AND created_at > ? AND ip_hash IS NOT NULL`, "a", "b", 0)).toMatch(/USING (COVERING )?INDEX comments_ip /);
    raw.close();
  });

  it("reads a list page's replies by the page's ids and a report's counts from the index alone, however many comments the report has", async () => {
    // What the store really sends, planned as SQLite plans it on a file that was never analysed (as in production).
    const file = tempFile();
    const store = openSqliteCommentStore(file);
    const prepare = vi.spyOn(Database.prototype, "prepare");
    await store.listComments({ slug: "a", sort: "new", offset: 0, limit: 20 });
    await store.threadSummary("a");
    const sent = prepare.mock.calls.map(([text]) => String(text));
    prepare.mockRestore();
    await store.close();
    const page = sent.find((text) => text.startsWith('with "page"'));
    const summary = sent.find((text) => text.includes('count(distinct "c"."reader_id")'));
    expect(page).toBeDefined();
    expect(summary).toBeDefined();
    const raw = new Database(file, { readonly: true });
    const plan = (query: string, ...values: unknown[]) => queryPlan(raw, query, ...values);
    const pagePlan = plan(page!, "a", 21, 0, 20, 3);
    // Before: "SEARCH r USING INDEX comments_status (status=?)", every published comment of the site read for twenty ids.
    expect(pagePlan).toMatch(/SEARCH r USING INDEX comments_replies \(parent_id=\?\)/);
    expect(pagePlan).not.toMatch(/comments_status/);
    // Before: the index without parent_id, and a table lookup for each counted comment.
    expect(plan(summary!, "a", "a", "a")).toMatch(/SEARCH c USING COVERING INDEX comments_counts/);
    raw.close();
  });

  it("lists both orders through their indexes, without sorting in memory", async () => {
    const file = tempFile();
    await openSqliteCommentStore(file).close();
    const raw = new Database(file, { readonly: true });
    const plan = (order: string) =>
      queryPlan(raw, `SELECT id FROM comments WHERE slug = ? AND parent_id IS NULL AND status = 'published' ORDER BY ${order} LIMIT 11 OFFSET 0`, "a");
    expect(plan("likes DESC, created_at DESC, id DESC")).toMatch(/USING (COVERING )?INDEX comments_hot/);
    expect(plan("created_at DESC, id DESC")).toMatch(/USING (COVERING )?INDEX comments_new/);
    expect(plan("created_at DESC, id DESC")).not.toMatch(/TEMP B-TREE/);
    raw.close();
  });
});
