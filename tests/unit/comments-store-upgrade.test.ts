import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sameRules } from "@/lib/comments/identity/rate-limiter";
import type { CommentStore } from "@/lib/comments/store/comment-store";
import { COMMENT_MIGRATION_NAMES } from "@/lib/comments/store/migrations/index";
import { LEGACY_SCHEMA_VERSION, openPostgresCommentStore, openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";
import { makeLegacyPostgres, makeLegacySqlite } from "../fixtures/legacy-comments-schema";
import { createTestSchema, TEST_DATABASE_URL, withClient } from "../postgres-test-db";

/**
 * Databases made by the previous release (its own schema steps and
 * bookkeeping, tests/fixtures/legacy-comments-schema.ts) open with the Kysely
 * store: their rows are kept, the missing steps run, and they end up in exactly
 * the shape a new database gets.
 */
// Every step, the shipped ones and any added since: an upgraded database ends with all of them, once.
const MIGRATION_NAMES = [...COMMENT_MIGRATION_NAMES];

/** What the upgraded store must still do with the old rows. */
async function expectWorking(store: CommentStore, id: string) {
  expect((await store.getComment(id))?.text).toBe("before the upgrade");
  const listed = await store.listComments({ slug: "a", sort: "hot", offset: 0, limit: 10 });
  expect(listed.threads.map((t) => [t.text, t.likes, t.replyCount])).toEqual([["before the upgrade", 1, 1]]);
  expect(await store.like(id, "new-reader", "new-address")).toBe(2);
  expect(await store.like(id, "third-reader", "new-address")).toBe(2); // one like per address
  expect(await store.hitRateLimit(sameRules(["k"], [{ limit: 1, windowMs: 60_000 }]), 10)).toEqual({ allowed: true });
  expect((await store.hitRateLimit(sameRules(["k"], [{ limit: 1, windowMs: 60_000 }]), 11)).allowed).toBe(false);
}

describe("upgrading a SQLite file made by the previous release", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-upgrade-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  /** Tables, columns, indexes (with order, uniqueness and partial conditions) of a file, Kysely's own tables aside. */
  function shape(file: string) {
    const db = new Database(file, { readonly: true });
    try {
      const objects = db
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name")
        .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
      return objects.map((o) =>
        o.type === "table"
          ? {
              table: o.name,
              columns: db.prepare(`SELECT name, upper(type) AS type, "notnull", dflt_value, pk FROM pragma_table_xinfo(?)`).all(o.name),
              withoutRowid: /WITHOUT ROWID\s*$/i.test(o.sql ?? ""),
            }
          : {
              index: o.name,
              table: o.tbl_name,
              columns: db.prepare(`SELECT name, "desc" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`).all(o.name),
              unique: /^CREATE UNIQUE/i.test(o.sql ?? ""),
              where: (o.sql ?? "").match(/\bWHERE\b([\s\S]*)$/i)?.[1]?.replace(/\s+/g, " ").trim().toLowerCase() ?? null,
            },
      );
    } finally {
      db.close();
    }
  }

  const freshShape = async () => {
    const file = path.join(dir, `fresh-${n++}.db`);
    await openSqliteCommentStore(file).close();
    return shape(file);
  };

  for (const version of [1, 2, 3]) {
    it(`keeps the rows of a version-${version} file, applies the missing steps once, and ends in the new shape`, async () => {
      const file = path.join(dir, `legacy-${n++}.db`);
      const raw = new Database(file);
      makeLegacySqlite(raw, version);
      const id = raw.prepare("INSERT INTO comments (slug, nickname, text, reader_id, ip_hash, status, created_at, likes) VALUES ('a', '读者', 'before the upgrade', 'r', NULL, 'published', 1000, 1)").run().lastInsertRowid;
      raw.prepare("INSERT INTO comments (slug, parent_id, nickname, text, reader_id, status, created_at) VALUES ('a', ?, NULL, 'a reply', 'r2', 'published', 2000)").run(id);
      raw.prepare("INSERT INTO comment_likes (comment_id, reader_id, created_at) VALUES (?, 'old-reader', 1500)").run(id);
      raw.close();

      const store = openSqliteCommentStore(file);
      await expectWorking(store, String(id));
      await store.close();

      const check = new Database(file, { readonly: true });
      expect(check.prepare("SELECT name FROM kysely_migration ORDER BY name").pluck().all()).toEqual(MIGRATION_NAMES);
      expect(check.pragma("user_version", { simple: true })).toBe(LEGACY_SCHEMA_VERSION);
      check.close();
      expect(shape(file)).toEqual(await freshShape());
      // Reopening migrates nothing more.
      const again = openSqliteCommentStore(file);
      expect((await again.getComment(String(id)))?.likes).toBe(2);
      await again.close();
    });
  }

  it("migrates a new file once when several processes' stores open it together", async () => {
    const file = path.join(dir, `together-${n++}.db`);
    const stores = [openSqliteCommentStore(file), openSqliteCommentStore(file), openSqliteCommentStore(file)];
    await Promise.all(stores.map((store) => store.countComments(["a"])));
    for (const store of stores) await store.close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM kysely_migration ORDER BY name").pluck().all()).toEqual(MIGRATION_NAMES);
    check.close();
  });
});

// Runs when TEST_DATABASE_URL names a server (comments-postgres-store.test.ts fails the run under REQUIRE_POSTGRES=1 when it does not).
describe.runIf(TEST_DATABASE_URL)("upgrading a PostgreSQL schema made by the previous release", () => {
  const url = TEST_DATABASE_URL!;

  async function inSchema<T>(schema: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    return withClient(url, async (client) => {
      await client.query(`SET search_path = ${schema}`);
      return work(client);
    });
  }

  /** Columns, indexes and constraints of a schema, Kysely's own tables and the old bookkeeping aside. */
  function shape(schema: string) {
    return inSchema(schema, async (client) => {
      const mine = "NOT LIKE 'kysely%' AND %I <> 'schema_migrations'";
      const columns = await client.query(
        `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity, identity_generation FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name ${mine.replace("%I", "table_name")} ORDER BY table_name, ordinal_position`,
      );
      const indexes = await client.query(
        `SELECT indexname, replace(indexdef, current_schema() || '.', '') AS def FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename ${mine.replace("%I", "tablename")} ORDER BY indexname`,
      );
      const constraints = await client.query(
        `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text ${mine.replace("%I", "conrelid::regclass::text")} ORDER BY conname`,
      );
      return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
    });
  }

  for (const version of [1, 2, 3]) {
    it(`keeps the rows of a version-${version} schema, applies the missing steps once, and ends in the new shape`, async () => {
      const legacy = await createTestSchema(url);
      const fresh = await createTestSchema(url);
      try {
        const id = await inSchema(legacy.schema, async (client) => {
          await makeLegacyPostgres(client, version);
          const { rows } = await client.query<{ id: string }>(
            "INSERT INTO comments (slug, nickname, text, reader_id, status, created_at, likes) VALUES ('a', '读者', 'before the upgrade', 'r', 'published', to_timestamp(1), 1) RETURNING id",
          );
          await client.query("INSERT INTO comments (slug, parent_id, text, reader_id, status, created_at) VALUES ('a', $1, 'a reply', 'r2', 'published', to_timestamp(2))", [rows[0]!.id]);
          await client.query("INSERT INTO comment_likes (comment_id, reader_id, created_at) VALUES ($1, 'old-reader', to_timestamp(1.5))", [rows[0]!.id]);
          return rows[0]!.id;
        });
        // Two instances of the new release start together on it.
        const stores = [openPostgresCommentStore({ connectionString: url, schema: legacy.schema, poolSize: 2 }), openPostgresCommentStore({ connectionString: url, schema: legacy.schema, poolSize: 2 })];
        await Promise.all(stores.map((store) => store.ready()));
        await expectWorking(stores[0]!, id);
        for (const store of stores) await store.close();

        const newStore = openPostgresCommentStore({ connectionString: url, schema: fresh.schema, poolSize: 2 });
        await newStore.ready();
        await newStore.close();

        await inSchema(legacy.schema, async (client) => {
          expect((await client.query("SELECT name FROM kysely_migration ORDER BY name")).rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
          expect((await client.query("SELECT version FROM schema_migrations ORDER BY version")).rows.map((r) => r.version)).toEqual([1, 2, 3]);
        });
        expect(await shape(legacy.schema)).toEqual(await shape(fresh.schema));
      } finally {
        await legacy.drop();
        await fresh.drop();
      }
    });
  }
});
