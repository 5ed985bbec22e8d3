import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";

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
