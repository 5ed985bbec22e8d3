import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import Database from "better-sqlite3";
import { openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";
import { HOLD_AT_FRAMES, SqliteCheckpointer } from "@/lib/comments/store/sqlite-checkpointer";

/**
 * SQLite runs synchronous=NORMAL and syncs its write-ahead log off the event
 * loop (sqlite-dialect.ts, WalSync): a write must still not be answered
 * before that sync has finished.
 */
const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("SQLite durability", () => {
  it("answers a post only once the write-ahead log has been synced to disk", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-durability-"));
    dirs.push(dir);
    const file = path.join(dir, "comments.db");
    const store = openSqliteCommentStore(file);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let syncs = 0;
    const open = fs.promises.open;
    vi.spyOn(fs.promises, "open").mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      if (String(args[0]) === `${file}-wal`) {
        const datasync = handle.datasync.bind(handle);
        handle.datasync = async () => {
          await held;
          syncs++;
          return datasync();
        };
      }
      return handle;
    });
    let answered = false;
    const posted = store
      .createComment({ slug: "s", parentId: null, nickname: null, text: "on disk", readerId: "r", ipHash: null, status: "published", createdAt: new Date() })
      .then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Committed, but the log is not synced yet: no answer.
    expect(answered).toBe(false);
    release();
    await posted;
    expect(syncs).toBe(1);
    await store.close();
  });
});

describe("SQLite checkpoints off the event loop", () => {
  const comment = (text: string) => ({ slug: "s", parentId: null, nickname: null, text, readerId: `r-${text}`, ipHash: null, status: "published" as const, createdAt: new Date() });

  function tempFile(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-checkpoint-"));
    dirs.push(dir);
    return path.join(dir, "comments.db");
  }

  /** Rows in the database file alone, as a copy without its write-ahead log would show them. */
  function rowsInMainFile(file: string): number {
    const copy = `${file}.copy`;
    fs.copyFileSync(file, copy);
    const db = new Database(copy, { readonly: true });
    try {
      // Not even the schema copied yet: no rows.
      if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'comments'").get()) return 0;
      return (db.prepare("SELECT count(*) AS n FROM comments").get() as { n: number }).n;
    } finally {
      db.close();
      fs.rmSync(copy, { force: true });
    }
  }

  it("copies a few writes into the database file soon after they commit (SQLite alone waits for 1,000 pages)", async () => {
    const file = tempFile();
    const store = openSqliteCommentStore(file);
    for (let i = 0; i < 20; i++) await store.createComment(comment(`c${i}`));
    let rows = 0;
    for (let waited = 0; waited < 5_000 && rows < 20; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = rowsInMainFile(file);
    }
    expect(rows).toBe(20);
    await store.close();
  });

  it("keeps the write-ahead log small under a stream of concurrent writes, and loses none of them", { timeout: 30_000 }, async () => {
    const file = tempFile();
    const store = openSqliteCommentStore(file);
    let largest = 0;
    for (let round = 0; round < 200; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.createComment(comment(`r${round}-${i} ${"城阳法治".repeat(40)}`))));
      largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
    }
    expect((await store.countComments(["s"])).get("s")!.comments).toBe(10_000);
    // Never checkpointed, or never started afresh, the log of these 10,000 comments grows past 50 MB; the
    // checkpointer lets it reach HOLD_AT_FRAMES before it finishes it, and writes go on while it does.
    expect(largest).toBeLessThan(2 * HOLD_AT_FRAMES * (4_096 + 24));
    await store.close();
  });

  it("holds no write up while the log is short, and still copies every write into the database file", async () => {
    const file = tempFile();
    // The store's connections share the checkpointer made first for their file: this one counts its turns.
    let turnsTaken = 0;
    SqliteCheckpointer.of(file, {
      take: async () => {
        turnsTaken++;
      },
      give: () => {},
    });
    const store = openSqliteCommentStore(file);
    for (let round = 0; round < 40; round++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.createComment(comment(`short${round}-${i}`))));
    }
    let rows = 0;
    for (let waited = 0; waited < 5_000 && rows < 400; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = rowsInMainFile(file);
    }
    expect(rows).toBe(400);
    expect(fs.statSync(`${file}-wal`).size).toBeLessThan(HOLD_AT_FRAMES * 4_096);
    expect(turnsTaken).toBe(0);
    await store.close();
  });

  it("lets a second store on the same file, and a reader in another connection, see every write", async () => {
    const file = tempFile();
    const first = openSqliteCommentStore(file);
    const second = openSqliteCommentStore(file);
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? first : second).createComment(comment(`both${i}`))));
    await first.close();
    await second.createComment(comment("after"));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const reader = new Database(file, { readonly: true });
    expect((reader.prepare("SELECT count(*) AS n FROM comments").get() as { n: number }).n).toBe(31);
    reader.close();
    await second.close();
  });
});
