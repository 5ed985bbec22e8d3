import net from "node:net";
import { expect, test } from "@playwright/test";
import type { ApiComment, CommentListResponse } from "@/lib/comments/comment-api-types";
import { ADDRESS_LIMITS_OFF, freePort, startSite, TEST_COMMENTS_SECRET, type RunningSite } from "../next-server";
import { createTestSchema, POSTGRES_SKIP_REASON, REQUIRE_POSTGRES, TEST_DATABASE_URL, urlWithSchema, withClient, type TestSchema } from "../postgres-test-db";

/**
 * Several app instances on one PostgreSQL database, and what readers see when
 * that database goes away. Each test starts its own `next start` processes
 * (the build in NEXT_DIST_DIR, default .next) on free loopback ports, against a
 * fresh schema of TEST_DATABASE_URL, and stops them by process group.
 */
const SLUG = "chengyang-rule-of-law";
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";

test.describe.configure({ mode: "serial" });

if (!TEST_DATABASE_URL && !REQUIRE_POSTGRES) console.warn(`PostgreSQL browser tests skipped: ${POSTGRES_SKIP_REASON}`);


/**
 * The instances trust one proxy (TRUST_PROXY=1) and each request names its
 * reader's address in X-Forwarded-For, as nginx would: many readers on one
 * machine. Both share one key, as instances sharing a database must.
 */
async function start(env: Record<string, string>): Promise<RunningSite> {
  return startSite("start", await freePort(), DIST_DIR, { COMMENTS_SECRET: TEST_COMMENTS_SECRET, TRUST_PROXY: "1", COMMENTS_LIMIT_PER_HOUR: "0", ...ADDRESS_LIMITS_OFF, ...env });
}

let readerCount = 0;
/** A reader's own address (what nginx would put in X-Forwarded-For). */
function newAddress(): string {
  readerCount++;
  return `10.${(readerCount >> 16) & 255}.${(readerCount >> 8) & 255}.${readerCount & 255}`;
}

function post(base: string, text: string, cookie?: string, address: string = newAddress()): Promise<Response> {
  return fetch(`${base}/api/reports/${SLUG}/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, "x-forwarded-for": address, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ text }),
  });
}

function like(base: string, id: string, cookie?: string, method: "POST" | "DELETE" = "POST", address: string = newAddress()): Promise<Response> {
  return fetch(`${base}/api/comments/${id}/like`, { method, headers: { origin: base, "x-forwarded-for": address, ...(cookie ? { cookie } : {}) } });
}

async function listAll(base: string, sort: "new" | "hot"): Promise<{ comments: ApiComment[]; total: number }> {
  const comments: ApiComment[] = [];
  let total = 0;
  for (let page = 1; page < 1_000; page++) {
    const response = await fetch(`${base}/api/reports/${SLUG}/comments?sort=${sort}&page=${page}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as CommentListResponse;
    comments.push(...body.comments);
    total = body.total;
    if (!body.hasMore) break;
  }
  return { comments, total };
}

function cookieOf(response: Response): string {
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("comments_unavailable");
}

/** How long another instance may take to list a write: its cache hears of it by NOTIFY (milliseconds; generous for a loaded CI machine). */
const CROSS_INSTANCE_MS = 5_000;

test.describe("comments on PostgreSQL: two instances, one database", () => {
  test.skip(!TEST_DATABASE_URL && !REQUIRE_POSTGRES, `PostgreSQL browser tests skipped: ${POSTGRES_SKIP_REASON}`);

  let schema: TestSchema;
  let a: RunningSite;
  let b: RunningSite;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    if (!TEST_DATABASE_URL) throw new Error(`REQUIRE_POSTGRES=1 but ${POSTGRES_SKIP_REASON}`);
    schema = await createTestSchema();
    // Three comments a minute per reader, counted in the database: a limit that must hold across both instances.
    const env = { DATABASE_URL: schema.url, COMMENTS_LIMIT_PER_MINUTE: "3" };
    [a, b] = await Promise.all([start(env), start(env)]);
  });

  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await schema?.drop();
  });

  test("a comment posted through one instance is listed by the other, in the reader's browser too", async ({ page }) => {
    const response = await post(a.url, "在A实例发表,在B实例看到");
    expect(response.status).toBe(201);
    const { comment } = (await response.json()) as { comment: ApiComment };
    // Another instance hears of the write by PostgreSQL's NOTIFY, a few milliseconds after the commit.
    await expect.poll(async () => (await listAll(b.url, "new")).comments.map((c) => c.id), { timeout: CROSS_INSTANCE_MS }).toContain(comment.id);

    await page.goto(`${b.url}/zh/reports/${SLUG}`);
    await page.locator("#comments").scrollIntoViewIfNeeded(); // the widget loads as the reader approaches it
    await expect(page.locator("#comments").getByText("在A实例发表,在B实例看到").first()).toBeVisible();
  });

  test("a rate limit holds across instances: two posts on A and two on B, the fourth is refused", async () => {
    const first = await post(a.url, "限速 1");
    expect(first.status).toBe(201);
    const cookie = cookieOf(first);
    expect((await post(a.url, "限速 2", cookie)).status).toBe(201);
    expect((await post(b.url, "限速 3", cookie)).status).toBe(201);
    const fourth = await post(b.url, "限速 4", cookie);
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another reader is not affected.
    expect((await post(b.url, "另一位读者")).status).toBe(201);
  });

  test("likes from both instances count once per reader", async () => {
    const { comment } = (await (await post(a.url, "给我点赞")).json()) as { comment: ApiComment };
    const firstLike = await like(b.url, comment.id);
    expect(firstLike.status).toBe(200);
    const reader = cookieOf(firstLike);
    // The same reader likes again and again through both instances at once.
    const again = await Promise.all(Array.from({ length: 10 }, (_, i) => like(i % 2 ? a.url : b.url, comment.id, reader)));
    expect(again.map((r) => r.status)).toEqual(again.map(() => 200));
    expect(await like(a.url, comment.id)).toHaveProperty("status", 200); // a second reader
    for (const base of [a.url, b.url]) {
      await expect.poll(async () => (await listAll(base, "hot")).comments.find((c) => c.id === comment.id)?.likes, { message: base, timeout: CROSS_INSTANCE_MS }).toBe(2);
    }
    expect(await (await like(a.url, comment.id, reader, "DELETE")).json()).toEqual({ likes: 1 });
    expect(await (await like(b.url, comment.id, reader, "DELETE")).json()).toEqual({ likes: 1 });
  });

  test("1,000 comments posted at once through both instances are each stored exactly once", async () => {
    test.setTimeout(240_000);
    const before = (await listAll(a.url, "new")).total;
    const texts = Array.from({ length: 1_000 }, (_, i) => `两个实例并发评论 ${i}`);
    const started = Date.now();
    const responses = await Promise.all(texts.map((text, i) => post(i % 2 ? a.url : b.url, text)));
    const seconds = (Date.now() - started) / 1000;
    expect(responses.map((r) => r.status)).toEqual(texts.map(() => 201));
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { comment: ApiComment }).comment.id));
    expect(new Set(ids).size).toBe(1_000);
    console.log(`1,000 posts across two instances on PostgreSQL: ${seconds.toFixed(1)} s (${Math.round(1_000 / seconds)} posts/s)`);

    for (const [base, sort] of [
      [a.url, "new"],
      [b.url, "hot"],
    ] as const) {
      await expect.poll(async () => (await listAll(base, sort)).total, { message: base, timeout: CROSS_INSTANCE_MS }).toBe(before + 1_000);
      const listed = await listAll(base, sort);
      const mine = listed.comments.filter((c) => c.text.startsWith("两个实例并发评论 "));
      expect(mine).toHaveLength(1_000);
      expect(new Set(mine.map((c) => c.id))).toEqual(new Set(ids));
      expect(mine.map((c) => c.text).sort()).toEqual([...texts].sort());
    }
  });
});

/** A TCP relay between an app instance and PostgreSQL that the test can cut and restore. */
class SwitchableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
  }

  /** Like a database that went away: open connections drop, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test.describe("comments when the database is unavailable", () => {
  test("an instance whose database is down serves the article, answers 503, and the widget says comments are unavailable", async ({ page }) => {
    test.setTimeout(120_000);
    // Nothing listens on port 1: connections are refused, as with PostgreSQL stopped.
    const down = await start({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/test" });
    try {
      const article = await fetch(`${down.url}/zh/reports/${SLUG}`);
      expect(article.status).toBe(200);
      await expectUnavailable(await fetch(`${down.url}/api/reports/${SLUG}/comments`));
      await expectUnavailable(await post(down.url, "数据库停了"));
      await expectUnavailable(await fetch(`${down.url}/api/comment-counts?slugs=${SLUG}`));

      await page.goto(`${down.url}/zh/reports/${SLUG}`);
      await expect(page.locator("h1").first()).toBeVisible();
      const section = page.locator("#comments");
      await section.scrollIntoViewIfNeeded(); // the widget loads as the reader approaches it
      await expect(section.getByRole("alert").filter({ hasText: "评论暂时无法加载" })).toBeVisible();
      await expect(section.getByText("评论加载失败")).toHaveCount(0);

      // The no-JavaScript comments page renders too, with the same message.
      const commentsPage = await page.goto(`${down.url}/en/reports/${SLUG}/comments`);
      expect(commentsPage?.status()).toBe(200);
      await expect(page.getByRole("alert").filter({ hasText: "Comments are unavailable right now" })).toBeVisible();
    } finally {
      await down.stop();
    }
  });

  test("writes fail with 503 while the database is cut off and succeed once it is back, losing nothing that got a 201", async () => {
    test.skip(!TEST_DATABASE_URL && !REQUIRE_POSTGRES, `needs PostgreSQL: ${POSTGRES_SKIP_REASON}`);
    if (!TEST_DATABASE_URL) throw new Error(`REQUIRE_POSTGRES=1 but ${POSTGRES_SKIP_REASON}`);
    test.setTimeout(180_000);
    const schema = await createTestSchema();
    const real = new URL(TEST_DATABASE_URL);
    const proxy = new SwitchableProxy(await freePort(), { host: real.hostname, port: Number(real.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(schema.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const site = await start({ DATABASE_URL: viaProxy.toString(), COMMENTS_LIMIT_PER_MINUTE: "0" });
    try {
      const acknowledged = new Map<string, string>();
      const statuses: number[] = [];
      let phase: "up" | "down" | "back" = "up";
      const after: Record<"up" | "down" | "back", number[]> = { up: [], down: [], back: [] };
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const text = `断线重连 ${w}-${i}`;
          const when = phase;
          const response = await post(site.url, text);
          statuses.push(response.status);
          // Only what was sent after the cut and answered before the restore counts as "down".
          if (when === phase) after[when].push(response.status);
          if (response.status === 201) acknowledged.set(((await response.json()) as { comment: ApiComment }).comment.id, text);
          else await response.body?.cancel();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const writers = Array.from({ length: 4 }, (_, w) => writer(w));

      await expect.poll(() => acknowledged.size, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
      await proxy.cut();
      phase = "down";
      await expect.poll(() => after.down.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
      await expectUnavailable(await fetch(`${site.url}/api/reports/${SLUG}/comments`));
      await proxy.open();
      phase = "back";
      const before = acknowledged.size;
      await expect.poll(() => acknowledged.size - before, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
      stop = true;
      await Promise.all(writers);

      // Never a 500: every answer was stored (201) or "try again" (503).
      expect(new Set(statuses)).toEqual(new Set([201, 503]));
      expect(after.down.filter((s) => s === 201)).toEqual([]);
      expect(after.back.filter((s) => s === 201).length).toBeGreaterThanOrEqual(20);

      // Every 201 is there, once, through the app and in the database itself.
      const listed = await listAll(site.url, "new");
      const byId = new Map(listed.comments.map((c) => [c.id, c.text]));
      for (const [id, text] of acknowledged) expect(byId.get(id), `comment ${id}`).toBe(text);
      expect(new Set(listed.comments.map((c) => c.text)).size).toBe(listed.comments.length);
      const stored = await withClient(urlWithSchema(TEST_DATABASE_URL, schema.schema), async (client) => {
        const { rows } = await client.query<{ id: string }>("SELECT id::text AS id FROM comments");
        return new Set(rows.map((r) => r.id));
      });
      for (const id of acknowledged.keys()) expect(stored.has(id), `comment ${id} in PostgreSQL`).toBe(true);
    } finally {
      await site.stop();
      await proxy.cut();
      await schema.drop();
    }
  });
});
