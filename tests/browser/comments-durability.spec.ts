import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import type { ApiComment, CommentListResponse } from "@/lib/comments/comment-api-types";
import { freePort, LIMITS_OFF, siteServerArgs, TEST_COMMENTS_SECRET } from "../next-server";

/**
 * Concurrency and durability against a real `next start` (the build in
 * NEXT_DIST_DIR, default .next), started here on a free loopback port with a
 * database of its own and rate limits off, so it can be killed and restarted.
 */
const ROOT = path.resolve(__dirname, "../..");
const SLUG = "chengyang-rule-of-law";

test.describe.configure({ mode: "serial" });

let dir: string;
test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "comments-durability-"));
});
test.afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});


interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<void>;
}

async function startServer(dbFile: string): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, siteServerArgs(port), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", COMMENTS_DB: dbFile, ...LIMITS_OFF, COMMENTS_SECRET: TEST_COMMENTS_SECRET, COMMENTS_MODERATION: "post" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/ping`)).ok) return { child, base, exited };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("next start did not answer within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopServer(server: Server, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited;
}

function post(base: string, text: string): Promise<Response> {
  return fetch(`${base}/api/reports/${SLUG}/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ text }),
  });
}

async function listAll(base: string, sort: "new" | "hot"): Promise<ApiComment[]> {
  const comments: ApiComment[] = [];
  for (let page = 1; page < 1_000; page++) {
    const response = await fetch(`${base}/api/reports/${SLUG}/comments?sort=${sort}&page=${page}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as CommentListResponse;
    comments.push(...body.comments);
    if (!body.hasMore) break;
  }
  return comments;
}

test("500 comments posted at once are all listed afterwards, exactly once", async () => {
  test.setTimeout(180_000);
  const server = await startServer(path.join(dir, "concurrent.db"));
  try {
    const texts = Array.from({ length: 500 }, (_, i) => `concurrent comment ${i}`);
    const responses = await Promise.all(texts.map((text) => post(server.base, text)));
    expect(responses.map((r) => r.status)).toEqual(texts.map(() => 201));
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { comment: ApiComment }).comment.id));
    expect(new Set(ids).size).toBe(500);

    for (const sort of ["new", "hot"] as const) {
      const listed = await listAll(server.base, sort);
      expect(listed).toHaveLength(500);
      expect(new Set(listed.map((c) => c.id))).toEqual(new Set(ids));
      expect(listed.map((c) => c.text).sort()).toEqual([...texts].sort());
    }
    const page = (await (await fetch(`${server.base}/api/reports/${SLUG}/comments`)).json()) as CommentListResponse;
    expect(page.total).toBe(500);
  } finally {
    await stopServer(server);
  }
});

test("after kill -9 during a stream of posts, every comment that got a 201 is still there", async () => {
  test.setTimeout(180_000);
  const dbFile = path.join(dir, "killed.db");
  const first = await startServer(dbFile);
  const acknowledged = new Map<string, string>();
  let killed = false;

  // Eight writers post until the server dies under them.
  const writer = async (w: number) => {
    for (let i = 0; !killed; i++) {
      const text = `durable ${w}-${i}`;
      let response: Response;
      try {
        response = await post(first.base, text);
      } catch {
        return; // the server is gone
      }
      if (response.status !== 201) {
        expect(killed, `status ${response.status} before the kill`).toBe(true);
        return;
      }
      try {
        const { comment } = (await response.json()) as { comment: ApiComment };
        acknowledged.set(comment.id, text);
      } catch {
        return; // the body was cut off by the kill: not acknowledged
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  await expect.poll(() => acknowledged.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(150);
  first.child.kill("SIGKILL");
  killed = true;
  await Promise.all(writers);
  await first.exited;
  expect(first.child.signalCode).toBe("SIGKILL");

  const raw = new Database(dbFile);
  expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
  raw.close();

  const second = await startServer(dbFile);
  try {
    const listed = new Map((await listAll(second.base, "new")).map((c) => [c.id, c.text]));
    for (const [id, text] of acknowledged) expect(listed.get(id), `comment ${id}`).toBe(text);
    // Nothing appears twice.
    expect(new Set(listed.values()).size).toBe(listed.size);
    // And the restarted server takes new comments.
    expect((await post(second.base, "after the restart")).status).toBe(201);
  } finally {
    await stopServer(second);
  }
});
