/**
 * `npm run bench:console`: latency of the moderation console's queue page
 * (待审核, newest first, 50 a page) with 100,000 comments, on SQLite and on
 * PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL; skipped when
 * neither is set), through the built site and its server entry.
 *
 * For each backend: seeds 100,000 comments on one report (half pending, the
 * rest published or hidden) in a temporary SQLite file or a fresh PostgreSQL
 * schema (dropped afterwards), adds a moderator, signs in for a session
 * cookie, then runs wrk (10 connections, 2 threads) against
 *   - /api/ping, the framework's own ceiling, measured in the same run;
 *   - /admin (the pending queue, first page);
 *   - /admin?page=100 (deep paging);
 *   - /admin?q=… (a text search, which reads the queue until it fills a page).
 * Prints p50 / p99 and the ratio to the ceiling's p50 (Markdown).
 * Usage: npm run bench:console [-- --duration 10 --connections 10]
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { hashPassword } from "@/lib/comments/moderation/moderator-passwords";
import { openPostgresCommentStore, openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";
import type { CommentStore } from "@/lib/comments/store/comment-store";
import { freePort, siteServerArgs, TEST_COMMENTS_SECRET } from "../tests/next-server";
import { benchOption } from "./bench-option";

const SLUG = "chengyang-rule-of-law";
const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const DIST = process.env.NEXT_DIST_DIR || ".next";
const COMMENTS = 100_000;
const PASSWORD = "bench console password";

const DURATION = benchOption("duration", 10);
const CONNECTIONS = benchOption("connections", 10);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;

/** Status of the i-th seeded comment: half pending, the rest mostly published. */
const statusOf = (i: number) => (i % 2 === 0 ? "pending" : i % 10 === 1 ? "hidden" : "published");

async function seedSqlite(file: string): Promise<void> {
  // The store makes the schema; the rows go in through one raw transaction (100,000 store calls would each fsync).
  await openSqliteCommentStore(file).close();
  const db = new Database(file);
  const insert = db.prepare("INSERT INTO comments (slug, parent_id, nickname, text, reader_id, ip_hash, status, created_at, likes) VALUES (?, NULL, ?, ?, ?, NULL, ?, ?, 0)");
  const start = Date.now() - COMMENTS * 1000;
  db.transaction(() => {
    for (let i = 0; i < COMMENTS; i++) insert.run(SLUG, `读者${i % 500}`, `第${i}条评论:依法行政、公正司法。Comment ${i}.`, `bench-reader-${i % 5000}`, statusOf(i), start + i * 1000);
  })();
  db.exec("ANALYZE");
  db.close();
}

async function seedPostgres(url: string, schema: string): Promise<void> {
  const store = openPostgresCommentStore({ connectionString: url, schema });
  await store.ready();
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path = ${schema}`);
    await client.query(
      `INSERT INTO comments (slug, nickname, text, reader_id, status, created_at)
       SELECT $1, '读者' || (i % 500), '第' || i || '条评论:依法行政、公正司法。Comment ' || i || '.', 'bench-reader-' || (i % 5000),
              CASE WHEN i % 2 = 0 THEN 'pending' WHEN i % 10 = 1 THEN 'hidden' ELSE 'published' END,
              now() - make_interval(secs => ($2 - i))
       FROM generate_series(0, $2 - 1) AS i`,
      [SLUG, COMMENTS],
    );
    await client.query("ANALYZE comments");
  } finally {
    await client.end();
  }
}

async function addModerator(store: CommentStore): Promise<void> {
  await store.createModerator("bench", await hashPassword(PASSWORD), new Date());
  await store.close();
}

async function waitFor(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("the site exited");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

interface Row {
  backend: string;
  name: string;
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
}

/** wrk --latency, parsed: the 50% and 99% lines (in ms) and requests per second. */
function wrk(url: string, cookie: string | null): { p50: number; p99: number; rps: number; non2xx: number } {
  // A long timeout: a slow page must count in the percentiles, not vanish as a socket timeout.
  const args = ["-t2", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--timeout", "30s", "--latency", ...(cookie ? ["-H", `Cookie: ${cookie}`] : []), url];
  const result = spawnSync("wrk", args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`wrk failed: ${result.stderr}`);
  const ms = (label: string) => {
    const match = new RegExp(`^\\s*${label}%\\s+([0-9.]+)(us|ms|s)\\s*$`, "m").exec(result.stdout);
    if (!match) throw new Error(`no ${label}% line in wrk output:\n${result.stdout}`);
    const value = Number(match[1]);
    return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
  };
  const rps = Number(/Requests\/sec:\s+([0-9.]+)/.exec(result.stdout)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(result.stdout)?.[1] ?? 0);
  const timeouts = Number(/timeout (\d+)/.exec(result.stdout)?.[1] ?? 0);
  if (timeouts > 0) throw new Error(`${timeouts} requests timed out (30 s) on ${url}:\n${result.stdout}`);
  return { p50: ms("50"), p99: ms("99"), rps, non2xx };
}

async function run(backend: string, env: Record<string, string>, rows: Row[]): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, siteServerArgs(port), {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", COMMENTS_SECRET: TEST_COMMENTS_SECRET, ...env },
  });
  try {
    await waitFor(`${base}/api/ping`, server);
    const signIn = await fetch(`${base}/api/admin/console/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ name: "bench", password: PASSWORD }).toString(),
    });
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`sign-in failed: ${signIn.status} ${signIn.headers.get("location")}`);
    const pages: [string, string][] = [
      ["pending queue, page 1", `${base}/admin`],
      ["pending queue, page 100", `${base}/admin?page=100`],
      ["pending queue, text search", `${base}/admin?q=${encodeURIComponent("第4999")}`],
    ];
    for (const [, url] of pages) {
      const check = await fetch(url, { headers: { cookie } });
      const html = await check.text();
      if (check.status !== 200 || !html.includes('name="csrf"')) throw new Error(`${url} answered ${check.status} without the queue`);
      for (let i = 0; i < 20; i++) await fetch(url, { headers: { cookie } }).then((r) => r.arrayBuffer());
    }
    const measure = (name: string, url: string, withCookie: boolean) => {
      const result = wrk(url, withCookie ? cookie : null);
      console.error(`${backend} ${name}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.rps.toFixed(0)} req/s${result.non2xx ? `, ${result.non2xx} non-2xx` : ""}`);
      rows.push({ backend, name, ...result });
    };
    measure("ceiling: GET /api/ping", `${base}/api/ping`, false);
    for (const [name, url] of pages) measure(name, url, true);
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, DIST, "BUILD_ID"))) {
    console.error(`No build in ${DIST}: running next build…`);
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: DIST } });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const rows: Row[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-console-"));
  try {
    const file = path.join(dir, "comments.db");
    console.error(`SQLite: seeding ${COMMENTS.toLocaleString("en")} comments…`);
    await seedSqlite(file);
    await addModerator(openSqliteCommentStore(file));
    await run("SQLite", { COMMENTS_DB: file }, rows);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (POSTGRES_URL) {
    const schema = `bench_console_${process.pid}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    try {
      console.error(`PostgreSQL: seeding ${COMMENTS.toLocaleString("en")} comments in schema ${schema}…`);
      await seedPostgres(POSTGRES_URL, schema);
      await addModerator(openPostgresCommentStore({ connectionString: POSTGRES_URL, schema }));
      const url = new URL(POSTGRES_URL);
      url.searchParams.set("options", `-c search_path=${schema}`);
      await run("PostgreSQL", { DATABASE_URL: url.toString() }, rows);
    } finally {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  } else {
    console.error("PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL");
  }

  const lines = [
    `Console queue page with ${COMMENTS.toLocaleString("en")} comments (${COMMENTS / 2} pending), wrk ${CONNECTIONS} connections, ${DURATION} s each`,
    "",
    "| backend | request | p50 (ms) | p99 (ms) | req/s | p50 ÷ ceiling p50 |",
    "|---|---|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    const ceiling = rows.find((r) => r.backend === row.backend && r.name.startsWith("ceiling"))!;
    lines.push(`| ${row.backend} | ${row.name} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.rps.toFixed(0)} | ${(row.p50 / ceiling.p50).toFixed(1)}× |`);
  }
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
